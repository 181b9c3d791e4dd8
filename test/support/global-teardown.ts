export default async function globalTeardown(): Promise<void> {
  // Named by several jest projects: the first teardown stops the embedded PostgreSQL, the others find it gone.
  const holder = globalThis as { __embeddedPg?: { stop(): Promise<void> } };
  const db = holder.__embeddedPg;
  delete holder.__embeddedPg;
  await db?.stop();
}
