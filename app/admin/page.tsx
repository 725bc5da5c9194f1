import type { Metadata } from "next";
import { requireAdminPage } from "./login/require-admin-page";
import { Dashboard } from "./components/Dashboard";

export const metadata: Metadata = { title: "Admin", robots: { index: false } };
export const dynamic = "force-dynamic";

/** The retraining dashboard (admin only: without a session, a redirect to the sign-in page). */
export default async function AdminPage() {
  await requireAdminPage("/admin");
  return (
    <section>
      <h1>Admin</h1>
      <Dashboard />
    </section>
  );
}
