import { useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <Link to="/">Go to the 287(g) agreements registry</Link>
      </p>
    </div>
  );
}
