/**
 * Choropleth of participating agreements per state. Geometry is us-atlas states-albers-10m, which is
 * already projected (975×610), so geoPath() needs no projection. The SVG is one image (role="img")
 * with a title and description; the numbers are also given in a visually hidden table.
 */
import { geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { MODELS, type StateCount } from '../api.ts';
import { stateName } from '../format.ts';

interface StatePath {
  name: string;
  key: string;
  d: string;
}

let pathsPromise: Promise<StatePath[]> | null = null;

/** Loads and projects the state outlines once (a separate chunk, fetched from our own origin). */
function loadStatePaths(): Promise<StatePath[]> {
  pathsPromise ??= import('us-atlas/states-albers-10m.json', { with: { type: 'json' } }).then((module) => {
    const topology = module.default as unknown as Topology<{ states: GeometryCollection<{ name: string }> }>;
    const collection = feature(topology, topology.objects.states);
    const path = geoPath();
    return collection.features.map((f) => ({
      name: f.properties.name,
      key: f.properties.name.toUpperCase(),
      d: path(f) ?? '',
    }));
  });
  return pathsPromise;
}

const ZERO_FILL = '#eeeeec';
const CLASS_FILLS = ['#c6dbef', '#92bddf', '#5b95c8', '#2f6aa8', '#163f73'];

/** Upper bounds of up to five classes of non-zero counts, chosen by quantile. */
function classBounds(values: number[], classes = CLASS_FILLS.length): number[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const distinct = [...new Set(sorted)];
  if (distinct.length <= classes) return distinct;
  const bounds: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const value = sorted[Math.ceil((i / classes) * sorted.length) - 1]!;
    if (bounds.length === 0 || value > bounds[bounds.length - 1]!) bounds.push(value);
  }
  return bounds;
}

function fillFor(count: number, bounds: number[]): string {
  if (count <= 0) return ZERO_FILL;
  const index = bounds.findIndex((bound) => count <= bound);
  // Spread fewer classes across the palette so the darkest colour always means "most".
  const i = index === -1 ? bounds.length - 1 : index;
  const paletteIndex =
    bounds.length <= 1
      ? CLASS_FILLS.length - 1
      : Math.round((i * (CLASS_FILLS.length - 1)) / (bounds.length - 1));
  return CLASS_FILLS[paletteIndex]!;
}

function legendRanges(bounds: number[]): { label: string; upper: number }[] {
  return bounds.map((upper, i) => {
    const lower = i === 0 ? 1 : bounds[i - 1]! + 1;
    return { label: lower === upper ? String(upper) : `${lower}–${upper}`, upper };
  });
}

/** The state under the pointer, from the `data-state` of the path that received the event. */
function stateAt(target: EventTarget): string | null {
  return target instanceof Element
    ? (target.closest('[data-state]')?.getAttribute('data-state') ?? null)
    : null;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function UsMap({
  items,
  snapshot,
  onSelectState,
}: {
  items: StateCount[];
  snapshot: string | null;
  onSelectState?: (state: string) => void;
}) {
  const [paths, setPaths] = useState<StatePath[] | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [hovered, setHovered] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    loadStatePaths().then(
      (loaded) => live && setPaths(loaded),
      () => live && setLoadError(true),
    );
    return () => {
      live = false;
    };
  }, []);

  const byState = useMemo(() => {
    const map = new Map<string, StateCount>();
    for (const item of items) map.set(item.state.trim().toUpperCase(), item);
    return map;
  }, [items]);

  const bounds = useMemo(() => classBounds(items.map((i) => i.agreements)), [items]);
  const sortedItems = useMemo(() => [...items].sort((a, b) => a.state.localeCompare(b.state)), [items]);
  const notOnMap = useMemo(() => {
    if (!paths) return [];
    const drawn = new Set(paths.map((p) => p.key));
    return sortedItems.filter((i) => i.agreements > 0 && !drawn.has(i.state.trim().toUpperCase()));
  }, [paths, sortedItems]);

  const statesWithAgreements = items.filter((i) => i.agreements > 0).length;
  const hoveredItem = hovered ? byState.get(hovered) : undefined;
  const hoveredPath = hovered ? paths?.find((p) => p.key === hovered) : undefined;
  const asOfText = snapshot ? `ICE participating list of ${snapshot}` : 'no participating list for this date';

  return (
    <figure className="map-figure" data-testid="registry-map">
      <div className="map-frame">
        {paths ? (
          // biome-ignore lint/a11y/useKeyWithClickEvents: pointer shortcut only; the State filter is the keyboard equivalent.
          <svg
            className="us-map"
            viewBox="0 0 975 610"
            role="img"
            aria-describedby="us-map-desc"
            onMouseMove={(e) => setHovered(stateAt(e.target))}
            onMouseLeave={() => setHovered(null)}
            onClick={(e) => {
              const state = stateAt(e.target);
              if (state && onSelectState) onSelectState(state);
            }}
          >
            <title id="us-map-title">Map of 287(g) agreements by state</title>
            <desc id="us-map-desc">
              {`States shaded by number of participating agreements (${asOfText}). ${plural(
                statesWithAgreements,
                'state or territory has',
                'states or territories have',
              )} at least one agreement. The counts for each state are listed in the table that follows the map.`}
            </desc>
            <g>
              {paths.map((p) => {
                const item = byState.get(p.key);
                const count = item?.agreements ?? 0;
                return (
                  <path
                    key={p.key}
                    d={p.d}
                    fill={fillFor(count, bounds)}
                    className={`state${hovered === p.key ? ' state-hover' : ''}`}
                    data-state={p.key}
                    data-count={count}
                  >
                    <title>{`${p.name}: ${plural(count, 'agreement', 'agreements')}`}</title>
                  </path>
                );
              })}
            </g>
          </svg>
        ) : loadError ? (
          <p className="muted">The map outlines could not be loaded. Counts by state are listed below.</p>
        ) : (
          <div className="map-placeholder" aria-hidden="true" />
        )}
      </div>

      <div className="map-side">
        <div className="map-legend" aria-hidden="true">
          <p className="legend-title">Agreements per state</p>
          <ul>
            <li>
              <span className="swatch" style={{ background: ZERO_FILL }} />0
            </li>
            {legendRanges(bounds).map((range) => (
              <li key={range.upper}>
                <span className="swatch" style={{ background: fillFor(range.upper, bounds) }} />
                {range.label}
              </li>
            ))}
          </ul>
        </div>
        <p className="map-hover" aria-hidden="true">
          {hoveredPath ? (
            <>
              <strong>{hoveredPath.name}</strong>:{' '}
              {hoveredItem ? (
                <>
                  {plural(hoveredItem.agreements, 'agreement', 'agreements')},{' '}
                  {plural(hoveredItem.agencies, 'agency', 'agencies')}
                  <br />
                  {MODELS.map((m) => `${m} ${hoveredItem.models[m] ?? 0}`).join(' · ')}
                </>
              ) : (
                'no agreements'
              )}
            </>
          ) : (
            'Point to a state for its counts; select it to filter the agreements table.'
          )}
        </p>
        {notOnMap.length > 0 ? (
          <p className="small muted">
            Not shown on the map: {notOnMap.map((i) => `${stateName(i.state)} (${i.agreements})`).join(', ')}.
          </p>
        ) : null}
      </div>

      <table className="visually-hidden">
        <caption>Participating 287(g) agreements and agencies by state ({asOfText})</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Agreements</th>
            <th scope="col">Agencies</th>
            {MODELS.map((m) => (
              <th key={m} scope="col">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sortedItems.map((i) => (
            <tr key={i.state}>
              <th scope="row">{stateName(i.state)}</th>
              <td>{i.agreements}</td>
              <td>{i.agencies}</td>
              {MODELS.map((m) => (
                <td key={m}>{i.models[m] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
