import type { Metadata } from "next";
import styles from "../admin.module.css";
import { AdminHeader } from "../components/AdminHeader";
import { ReviewQueue } from "../components/ReviewQueue";
import { requireAdminPage } from "../login/require-admin-page";

export const metadata: Metadata = { title: "Review samples", robots: { index: false } };
export const dynamic = "force-dynamic";

/** The review queue (admin only: without a session, a redirect to the sign-in page). */
export default async function ReviewPage() {
  await requireAdminPage("/admin/review");
  return (
    <section className={styles.page}>
      <AdminHeader title="Review samples" current="/admin/review" />
      <ReviewQueue />
    </section>
  );
}
