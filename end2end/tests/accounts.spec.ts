import { expect, test } from "./fixtures";
import { EMAIL, PASSWORD, signIn, whenInteractive } from "./session";

// One fresh installation, walked through in order: set-up, logout, login, navigation.
test.describe.configure({ mode: "serial" });

test("on a fresh installation every page leads to creating the administrator", async ({ page }) => {
  for (const path of ["/", "/clientes", "/configuracion", "/login"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(page.getByRole("heading", { name: "Crear cuenta de administrador" })).toBeVisible();
});

test("set-up explains a mistake next to the field and creates nothing", async ({ page }) => {
  await page.goto("/setup");
  await whenInteractive(page);
  await page.getByLabel("Correo electrónico").fill(EMAIL);
  await page.getByLabel("Contraseña", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Repite la contraseña").fill("otra-clave-distinta");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.locator("#password_confirmation-error")).toHaveText("Las contraseñas no coinciden.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
});

test("create the administrator, log out, log in again, and keep the session on reload", async ({ page }) => {
  await page.goto("/setup");
  await whenInteractive(page);
  await page.getByLabel("Correo electrónico").fill(EMAIL);
  await page.getByLabel("Contraseña", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Repite la contraseña").fill(PASSWORD);
  await page.getByRole("button", { name: "Crear cuenta" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Pagos" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  // The set-up page is gone for good.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/$/);
  await whenInteractive(page);

  await page.getByText(EMAIL).click();
  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Iniciar sesión" })).toBeVisible();

  await page.goto("/configuracion");
  await expect(page).toHaveURL(/\/login$/);
  await whenInteractive(page);

  await page.getByLabel("Correo electrónico").fill(EMAIL);
  await page.getByLabel("Contraseña").fill("no-es-la-clave");
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByRole("alert")).toHaveText("Correo o contraseña incorrectos.");

  await page.getByLabel("Contraseña").fill(PASSWORD);
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pagos" })).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Pagos" })).toBeVisible();
  await expect(page.getByText(EMAIL)).toBeVisible();
});

test("the sidebar moves between sections without reloading the page", async ({ page }) => {
  await signIn(page);
  await whenInteractive(page);

  await page.evaluate(() => ((window as any).__samePage = true));
  await page.getByRole("link", { name: "Clientes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Listado de Clientes" })).toBeVisible();
  await page.getByRole("link", { name: "Configuración" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Configuración" })).toBeVisible();
  await expect(page).toHaveURL(/\/configuracion$/);
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Configuración" })).toBeVisible();
});

test("«Pagos» opens with the main bundle alone; another section fetches its slice when first opened", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/pkg/") && path.endsWith(".wasm")) fetched.push(path);
  });
  await signIn(page);
  await page.goto("/");
  await whenInteractive(page);
  await expect(page.getByRole("button", { name: "+ Nueva Orden" })).toBeEnabled();
  expect(fetched.filter((p) => p.includes("settings")), "Configuración's code on the Pagos page").toEqual([]);
  expect(fetched).toContain("/pkg/pagos.wasm");

  await page.getByRole("navigation", { name: "Ajustes" }).getByRole("link", { name: "Configuración" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Configuración" })).toBeVisible();
  await expect.poll(() => fetched.some((p) => p.includes("settings"))).toBe(true);
  await expect(page.getByRole("switch", { name: "Activar tareas automáticas CRON" })).toBeVisible();
});

test("the panel is usable on a phone-sized screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page);
  await expect(page.getByRole("link", { name: "Clientes" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
