"use client";

import { useState, type FormEvent } from "react";
import styles from "../admin.module.css";
import { safeNextPath } from "./safe-next";

export function LoginForm({ next }: { readonly next: string }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setBusy(true);
    setError("");
    try {
      const response = await fetch("/api/admin/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ password }) });
      if (response.ok) {
        // Checked again against the real origin: the page already did, but this is where it matters.
        window.location.assign(safeNextPath(next, window.location.origin));
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      setError(body.message ?? `Sign-in failed (${response.status}).`);
    } catch {
      setError("Could not reach the server.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className={styles.signIn}>
      <label className={styles.fieldLabel} htmlFor="admin-password">
        Admin password
      </label>
      <input className={styles.control} id="admin-password" name="password" type="password" autoComplete="current-password" required autoFocus />
      <button type="submit" className={styles.primary} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p role="alert" className={error ? styles.alert : styles.live}>
        {error}
      </p>
    </form>
  );
}
