// Opened on an address that names no app (an IP, bare localhost): point to the real ones.
// Plain markup on purpose: this page must not pull in the UI kit.
export function UnknownHost({ hostname }: { hostname: string }) {
  const port = window.location.port ? `:${window.location.port}` : '';
  const signup = `${window.location.protocol}//app.alva.localhost${port}/`;
  return (
    <main
      style={{
        fontFamily: 'system-ui, sans-serif',
        maxWidth: 520,
        margin: '15vh auto',
        padding: 16,
      }}
    >
      <h1 style={{ fontSize: 22 }}>Alva is served per store</h1>
      <p>
        <code>{hostname}</code> is not an Alva address. Sign up at <a href={signup}>{signup}</a>, or
        open your store at <code>{`https://yourstore.<domain>/`}</code>.
      </p>
    </main>
  );
}
