import type { Metadata } from "next";
import styles from "../admin.module.css";
import { LoginForm } from "./LoginForm";
import { safeNextPath } from "./safe-next";

export const metadata: Metadata = { title: "Admin sign-in", robots: { index: false } };

/** Where admin pages send a visitor without a session (see require-admin-page.ts). */
export default async function AdminLogin({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths: an open redirect would let a link send admins anywhere after sign-in.
  const target = safeNextPath(next);
  return (
    <section className={styles.page}>
      <h1>Admin sign-in</h1>
      <LoginForm next={target} />
    </section>
  );
}
