// Placeholder home page; the Write page replaces it.
export default function HomePage() {
  return (
    <section>
      <h1>Inkwell</h1>
      <p>Write by hand and see it read back, right in your browser.</p>
    </section>
  );
}
