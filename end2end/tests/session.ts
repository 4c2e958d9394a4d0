import { expect, Page } from "@playwright/test";

// The administrator the suite creates on its fresh installation (accounts.spec.ts).
export const EMAIL = "admin@empresa.pe";
export const PASSWORD = "una-clave-segura-2026";

/** Waits until the page has hydrated, so clicks reach the app and not bare HTML. */
export async function whenInteractive(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** Signs in through the login page and waits for "Pagos". */
export async function signIn(page: Page) {
  await page.goto("/login");
  await whenInteractive(page);
  await page.getByLabel("Correo electrónico").fill(EMAIL);
  await page.getByLabel("Contraseña").fill(PASSWORD);
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pagos" })).toBeVisible();
}
