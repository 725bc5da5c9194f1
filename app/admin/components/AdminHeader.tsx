"use client";
import Link from "next/link";
import styles from "../admin.module.css";

const PAGES = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/review", label: "Review queue" },
] as const;

/** The admin pages' title bar: the page's heading, links to the other admin page, and sign-out. */
export function AdminHeader({ title, current }: { title: string; current: (typeof PAGES)[number]["href"] }) {
  const logout = async () => {
    await fetch("/api/admin/logout", { method: "POST" });
    window.location.href = "/admin/login";
  };
  return (
    <header className={styles.header}>
      <h1>{title}</h1>
      <nav aria-label="Admin" className={styles.headerActions}>
        {PAGES.filter((p) => p.href !== current).map((p) => (
          <Link key={p.href} href={p.href}>
            {p.label} →
          </Link>
        ))}
        <button type="button" className={`${styles.button} ${styles.small}`} onClick={logout}>
          Sign out
        </button>
      </nav>
    </header>
  );
}
