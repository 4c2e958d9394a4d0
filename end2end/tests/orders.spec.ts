import * as fs from "node:fs";
import { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signIn, whenInteractive } from "./session";

// Runs after clients.spec.ts on the same installation; creates its own clients.
test.describe.configure({ mode: "serial" });

function isoDate(daysFromToday: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysFromToday);
  return d.toISOString().slice(0, 10);
}

async function newClient(page: Page, name: string): Promise<number> {
  const response = await page.request.post("/api/clients/create", {
    form: { name, email: "", whatsapp: "", plan_id: "", next_due_date: "" },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).id;
}

async function newOrder(page: Page, client: string, due: string, amount: string, button: string) {
  await page.getByRole("button", { name: "+ Nueva Orden" }).click();
  const dialog = page.getByRole("dialog", { name: "Nueva orden de pago" });
  await dialog.getByLabel("Empresa").fill(client.split(" ")[1]);
  await dialog.getByRole("button", { name: new RegExp(`^${client} #`) }).click();
  await dialog.getByLabel("Fecha de vencimiento").fill(due);
  await dialog.getByLabel("Monto").fill(amount);
  await dialog.getByLabel("Concepto (opcional)").fill("Mensualidad");
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

test("create, pay and cancel orders while the cards follow; filter, reload and export", async ({ page }) => {
  await signIn(page);
  await newClient(page, "Comercial Andina");
  const rios = await newClient(page, "Estudio Contable Ríos");
  await page.goto("/");
  await whenInteractive(page);
  await expect(page.getByRole("note")).toContainText("no bloquean");
  await expect(page.getByText("Aún no hay órdenes de pago")).toBeVisible();
  const cards = page.getByRole("region", { name: "Panel de Estadísticas" });
  await expect(cards).toContainText("S/ 0.00 Pagado");

  await newOrder(page, "Comercial Andina", isoDate(30), "150.50", "Crear Orden");
  await expect(page.getByRole("status")).toContainText("creada.");
  const andina = page.getByRole("row", { name: /Comercial Andina/ });
  await expect(andina).toContainText("Pendiente");
  await expect(andina).toContainText("S/ 150.50");
  await expect(cards).toContainText("S/ 150.50 Pendiente");

  // This client has no e-mail nor WhatsApp: "Crear y Notificar Orden" says so and creates
  // nothing; "Crear Orden" then creates it without a notice.
  await page.getByRole("button", { name: "+ Nueva Orden" }).click();
  const dialog = page.getByRole("dialog", { name: "Nueva orden de pago" });
  await dialog.getByLabel("Empresa").fill("Contable");
  await dialog.getByRole("button", { name: /^Estudio Contable Ríos #/ }).click();
  await dialog.getByLabel("Fecha de vencimiento").fill(isoDate(10));
  await dialog.getByLabel("Monto").fill("80");
  await dialog.getByLabel("Concepto (opcional)").fill("Mensualidad");
  await dialog.getByRole("button", { name: "Crear y Notificar Orden", exact: true }).click();
  await expect(dialog.getByRole("alert")).toContainText("el cliente no tiene correo de contacto");
  await expect(dialog.getByRole("alert")).toContainText("La orden no se creó");
  await expect(cards).toContainText("S/ 150.50 Pendiente");
  await dialog.getByRole("button", { name: "Crear Orden", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(cards).toContainText("S/ 230.50 Pendiente");

  // Pay the first one.
  await andina.getByRole("button", { name: "Pagar" }).click();
  const pay = page.getByRole("dialog");
  await pay.getByLabel("Método de pago").selectOption({ label: "Transferencia" });
  await pay.getByLabel("Referencia (opcional)").fill("OP-7781");
  await pay.getByRole("button", { name: "Confirmar pago" }).click();
  await expect(page.getByRole("status")).toContainText("marcada como pagada");
  await expect(andina).toContainText("Pagado");
  await expect(andina.getByRole("button", { name: "Pagar" })).toHaveCount(0);
  await expect(cards).toContainText("S/ 150.50 Pagado");
  await expect(cards).toContainText("S/ 80.00 Pendiente");

  // Cancel the second one.
  const riosRow = page.getByRole("row", { name: /Estudio Contable Ríos/ });
  await riosRow.getByRole("button", { name: "Anular" }).click();
  const cancel = page.getByRole("dialog");
  await expect(cancel).toContainText("no se puede reactivar");
  await cancel.getByLabel("Motivo (opcional)").fill("Emitida por error");
  await cancel.getByRole("button", { name: "Anular orden" }).click();
  await expect(riosRow).toContainText("Anulado");
  await expect(cards).toContainText("S/ 80.00 Anulado");
  await expect(cards).toContainText("S/ 0.00 Pendiente");

  // Filter by state; the URL keeps it.
  await page.getByRole("button", { name: "Mostrar filtros" }).click();
  await page.getByRole("checkbox", { name: "Pagado" }).check();
  await page.getByRole("button", { name: "Aplicar filtros" }).click();
  await expect(page).toHaveURL(/estado=pagado/);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText("Comercial Andina");
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(cards).toContainText("S/ 0.00 Anulado");

  // Filter by client.
  await page.goto(`/?cliente=${rios}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText("Estudio Contable Ríos");
  await whenInteractive(page);

  // Export what is shown.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exportar CSV" }).click();
  const file = fs.readFileSync(await (await download).path(), "utf8");
  expect(file.charCodeAt(0)).toBe(0xfeff);
  const lines = file.slice(1).trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("Estudio Contable Ríos,Mensualidad,80.00");
  expect(lines[1]).toContain("Anulado");

  // Clicking the row opens the order's detail, which tells its story.
  await page.locator("tbody tr").first().getByText("Estudio Contable Ríos").click();
  await expect(page).toHaveURL(/\/ordenes\/\d+$/);
  await expect(page.getByRole("heading", { name: "Historial" })).toBeVisible();
  await expect(page.getByText("Anulada: Emitida por error")).toBeVisible();
});
