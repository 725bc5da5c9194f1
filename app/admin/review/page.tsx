import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "../login/require-admin-page";
import { ReviewQueue } from "../components/ReviewQueue";

export const metadata: Metadata = { title: "Review samples", robots: { index: false } };
export const dynamic = "force-dynamic";

/** The review queue (admin only: without a session, a redirect to the sign-in page). */
export default async function ReviewPage() {
  await requireAdminPage("/admin/review");
  return (
    <section>
      <h1>Review samples</h1>
      <p>
        <Link href="/admin">← Dashboard</Link>
      </p>
      <ReviewQueue />
    </section>
  );
}
