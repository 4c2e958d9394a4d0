import * as fs from "node:fs";
import * as path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn, whenInteractive } from "./session";

// Runs after orders.spec.ts on the same installation. Seeds a year of orders for one more
// client, then visits every page: no serious or critical accessibility violation, nothing
// wider than a 360 px phone, and a screenshot of each for the README.
test.describe.configure({ mode: "serial" });

const shots = path.resolve(__dirname, "../../docs/screenshots");

function monthsAgo(months: number, day: number): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - months);
  d.setDate(day);
  return d.toISOString().slice(0, 10);
}

async function post(page: Page, endpoint: string, form: Record<string, string>) {
  const response = await page.request.post(`/api/${endpoint}`, { form });
  expect(response.status(), `${endpoint}: ${await response.text()}`).toBe(200);
  return response.json();
}

async function seedYear(page: Page): Promise<number> {
  const client = await post(page, "clients/create", {
    name: "Panadería San Martín",
    email: "pagos@sanmartin.pe",
    whatsapp: "",
    plan_id: "",
    next_due_date: "",
  });
  for (let month = 11; month >= 1; month--) {
    const amount = (180 + month * 15).toFixed(2);
    const order = await post(page, "orders/create", {
      client_id: String(client.id),
      due_date: monthsAgo(month, 10),
      amount,
      concept: "Mensualidad",
      confirm_past: "on",
    });
    if (month % 4 === 0) {
      await post(page, "orders/cancel", { id: String(order.id), reason: "Cambio de plan" });
    } else if (month > 2) {
      await post(page, "orders/pay", { id: String(order.id), paid_on: monthsAgo(month, 12), method: "transferencia", reference: "" });
    }
  }
  return client.id;
}

/** No serious or critical violation on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `accessibility of ${what}`).toEqual([]);
}

async function fitsPhone(page: Page, what: string) {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${what} is wider than 360 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("every page is accessible, fits a phone, and has its screenshot", async ({ page }) => {
  await signIn(page);
  const client = await seedYear(page);
  fs.mkdirSync(shots, { recursive: true });
  const pages: [string, string, string][] = [
    ["pagos", "/", "Pagos"],
    ["pagos-filtrado", `/?cliente=${client}`, "Pagos"],
    ["clientes", "/clientes", "Listado de Clientes"],
    ["nuevo-cliente", "/clientes/nuevo", "Nuevo cliente"],
    ["editar-cliente", `/clientes/${client}`, "Editar cliente"],
    ["planes", "/clientes/planes", "Planes"],
    ["configuracion", "/configuracion", "Configuración"],
    ["orden", "/ordenes/1", "Orden #1"],
  ];
  for (const [name, url, heading] of pages) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(url);
    await whenInteractive(page);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page, url);
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
    await fitsPhone(page, url);
  }
  // The chart follows the client filter and names each month's amounts.
  await page.goto(`/?cliente=${client}`);
  const chart = page.getByRole("figure", { name: /Últimos 12 meses/ });
  await expect(chart.getByRole("img")).toBeVisible();
  await expect(chart.locator("rect.bar.paid")).toHaveCount(7);
  await expect(chart.locator("rect.bar.cancelled")).toHaveCount(2);
  await expect(chart.locator("rect.bar.overdue")).toHaveCount(2);

  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await whenInteractive(page);
  await page.screenshot({ path: path.join(shots, "pagos-movil.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  for (const [name, url] of [["login", "/login"], ["no-encontrada", "/no-existe"]]) {
    const context = await page.context().browser()!.newContext({ locale: "es-PE" });
    const guest = await context.newPage();
    await guest.goto(new URL(url, page.url()).toString());
    await whenInteractive(guest);
    await expectAccessible(guest, url);
    await guest.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
    await fitsPhone(guest, url);
    await context.close();
  }
});

test("a dialog keeps the focus inside, closes on Escape and gives the focus back", async ({ page }) => {
  await signIn(page);
  await whenInteractive(page);
  const opener = page.getByRole("button", { name: "+ Nueva Orden" });
  await opener.click();
  const dialog = page.getByRole("dialog", { name: "Nueva orden de pago" });
  await expect(dialog.getByLabel("Empresa")).toBeFocused();
  await expectAccessible(page, "the new order dialog");
  await page.screenshot({ path: path.join(shots, "nueva-orden.png") });
  // Round the dialog's controls twice each way: the focus never leaves it.
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press(key);
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test("a toast tells how an action went, and the button waits while it runs", async ({ page }) => {
  await signIn(page);
  await page.goto("/clientes/planes");
  await whenInteractive(page);
  await page.getByLabel("Nombre del plan").fill("Plan Anual Toast");
  await page.getByLabel("Precio").fill("1200");
  const create = page.getByRole("button", { name: "Crear plan" });
  await page.route("**/api/plans/create", async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await create.click();
  await expect(create).toBeDisabled();
  await expect(page.getByRole("status")).toHaveText("Plan creado.");
  await expect(create).toBeEnabled();
  await page.getByLabel("Precio").fill("mil");
  await create.click();
  await expect(page.locator(".toast.failure [role=alert]")).toBeVisible();
  await page.getByRole("button", { name: "Cerrar aviso" }).click();
  await expect(page.locator(".toast")).toHaveCount(0);
});

test("English from the user menu: every page in English, remembered, and back to Spanish", async ({ page }) => {
  await signIn(page);
  await whenInteractive(page);
  await page.locator(".user-menu summary").click();
  await page.getByRole("button", { name: "Idioma: English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await whenInteractive(page);
  await expect(page.getByRole("region", { name: "Statistics panel" })).toContainText("PEN");
  await expect(page.getByRole("link", { name: "Clients" })).toBeVisible();
  await expect(page.getByRole("figure", { name: /Last 12 months/ })).toBeVisible();
  await expectAccessible(page, "Payments in English");
  await page.screenshot({ path: path.join(shots, "payments-en.png"), fullPage: true });

  // A refusal the server writes in Spanish reaches the reader in English.
  await page.getByRole("button", { name: "+ New Order" }).click();
  const dialog = page.getByRole("dialog", { name: "New payment order" });
  await dialog.getByLabel("Due date").fill("2030-01-01");
  await dialog.getByLabel("Amount").fill("-5");
  await dialog.getByRole("button", { name: "Create Order", exact: true }).click();
  await expect(dialog.locator(".field-error").first()).toContainText("Choose a company from the list.");
  await page.keyboard.press("Escape");

  await page.reload();
  await whenInteractive(page);
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  for (const [url, heading] of [["/clientes", "Client list"], ["/clientes/planes", "Plans"], ["/configuracion", "Settings"], ["/ordenes/1", "Order #1"]]) {
    await page.goto(url);
    await whenInteractive(page);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.locator("main")).not.toContainText("Cargando");
    await expectAccessible(page, `${url} in English`);
  }
  await expect(page.locator("main")).toContainText(/Due date[\s\S]*[A-Z][a-z]{2} \d{1,2}, \d{4}/);

  await page.locator(".user-menu summary").click();
  await page.getByRole("button", { name: "Language: Español" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orden #1" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
});
