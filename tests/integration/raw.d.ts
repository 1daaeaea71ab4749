/** Fixture text imported with Vite's `?raw` suffix (tests/fixtures/migrations/*.sql). */
declare module "*.sql?raw" {
  const text: string;
  export default text;
}
