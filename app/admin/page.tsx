import type { Metadata } from "next";
import styles from "./admin.module.css";
import { AdminHeader } from "./components/AdminHeader";
import { Dashboard } from "./components/Dashboard";
import { requireAdminPage } from "./login/require-admin-page";

export const metadata: Metadata = { title: "Admin", robots: { index: false } };
export const dynamic = "force-dynamic";

/** The retraining dashboard (admin only: without a session, a redirect to the sign-in page). */
export default async function AdminPage() {
  await requireAdminPage("/admin");
  return (
    <section className={styles.page}>
      <AdminHeader title="Admin" current="/admin" />
      <Dashboard />
    </section>
  );
}
