/** `/agreements`: the MOAs the signed-in user may read (ICE: every agency; agency roles: their own). */

import { isIceRole } from '../access.ts';
import { api, type User } from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { stateName } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function AgreementsPage() {
  useDocumentTitle('Agreements');
  return (
    <SignedIn title="Agreements" area="agreements">
      {(user) => <AgreementsList user={user} />}
    </SignedIn>
  );
}

function AgreementsList({ user }: { user: User }) {
  const result = useApi((signal) => api.moas({}, { signal }), []);
  useSignOutOnUnauthorized(result.error);
  const ice = isIceRole(user.role);

  return (
    <>
      <div className="page-head">
        <h1>Agreements</h1>
        <p className="lede">
          {ice
            ? 'Memoranda of agreement (MOAs) under 8 U.S.C. §1357(g) recorded in Delegate, for every agency. Open an agreement for its versions, terms and clause table.'
            : 'The memoranda of agreement (MOAs) under 8 U.S.C. §1357(g) between ICE and your agency. Open an agreement for its versions, terms and clause table.'}
        </p>
      </div>
      {result.status === 'loading' ? <Loading label="Loading agreements…" /> : null}
      {result.status === 'error' ? <ErrorMessage error={result.error} context="Agreements" /> : null}
      {result.status === 'success' ? (
        result.data.items.length === 0 ? (
          <p className="muted" data-testid="moa-list">
            No agreements are recorded{ice ? '' : ' for your agency'}.
          </p>
        ) : (
          <DataTable
            testId="moa-list"
            caption="Memoranda of agreement"
            columns={['Agreement', 'Agency', 'State']}
          >
            {result.data.items.map((m) => (
              <tr key={m.moaId} data-moa-id={m.moaId}>
                <td>
                  <Link to={`/agreements/${encodeURIComponent(m.moaId)}`}>{m.title}</Link>
                </td>
                <td>
                  <Link to={`/agencies/${encodeURIComponent(m.agencyId)}`}>{m.agencyName}</Link>
                </td>
                <td>{stateName(m.state)}</td>
              </tr>
            ))}
          </DataTable>
        )
      ) : null}
    </>
  );
}
