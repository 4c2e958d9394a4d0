import { expect, test } from "./fixtures";
import { signIn, whenInteractive } from "./session";

// Runs after accounts.spec.ts (files run in name order on one worker): the administrator
// exists. Plans and clients are created here from scratch.
test.describe.configure({ mode: "serial" });

test("create a plan, then a client on it, find it, edit it and deactivate it", async ({ page }) => {
  await signIn(page);

  // Plans are reached from "Clientes".
  await page.getByRole("link", { name: "Clientes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Listado de Clientes" })).toBeVisible();
  await expect(page.getByText("Aún no hay clientes")).toBeVisible();
  await page.getByRole("link", { name: "Planes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Planes" })).toBeVisible();

  await page.getByLabel("Nombre del plan").fill("Plan Básico");
  await page.getByLabel("Precio (S/)").fill("150.555");
  await page.getByRole("button", { name: "Crear plan" }).click();
  await expect(page.locator("#price-error")).toContainText("dos decimales");

  await page.getByLabel("Precio (S/)").fill("150.5");
  await page.getByLabel("Frecuencia").selectOption({ label: "Mensual" });
  await page.getByRole("button", { name: "Crear plan" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan creado.");
  const planRow = page.getByRole("row", { name: /Plan Básico/ });
  await expect(planRow).toContainText("S/ 150.50");
  await expect(planRow).toContainText("Mensual");

  // A new client with its contact information.
  await page.getByRole("link", { name: "Volver a Clientes" }).click();
  await page.getByRole("link", { name: "+ Nuevo Cliente" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nuevo cliente" })).toBeVisible();
  await expect(page.getByText("No es la configuración de correo del sistema.")).toBeVisible();
  await page.getByLabel("Nombre del cliente").fill("Panadería Santa Rosa");
  await page.getByLabel("Correo de contacto").fill("pagos@santarosa.pe");
  await page.getByLabel("Número de WhatsApp").fill("+51 995 955 955");
  await page.getByLabel("Plan").selectOption({ label: "Plan Básico · S/ 150.50 · Mensual" });
  await page.getByLabel("Próximo vencimiento").fill("2027-01-31");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Editar cliente" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Cliente guardado.");
  await expect(page.getByLabel("Número de WhatsApp")).toHaveValue("+51995955955");

  // A second client without contact data is flagged in the list.
  await page.getByRole("link", { name: "Volver al listado" }).click();
  await page.getByRole("link", { name: "+ Nuevo Cliente" }).click();
  await page.getByLabel("Nombre del cliente").fill("Ferretería El Tornillo");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toHaveText("Cliente guardado.");
  await page.getByRole("link", { name: "Volver al listado" }).click();
  await expect(page.getByRole("row", { name: /Ferretería El Tornillo/ })).toContainText("sin contacto");

  // Find the first one by search, ignoring accents and case.
  await page.getByRole("searchbox", { name: "Buscar clientes" }).fill("PANADERIA");
  await page.getByRole("button", { name: "Buscar" }).click();
  await expect(page).toHaveURL(/q=PANADERIA/);
  await expect(page.getByRole("row")).toHaveCount(2);
  const row = page.getByRole("row", { name: /Panadería Santa Rosa/ });
  await expect(row).toContainText("Plan Básico");
  await expect(row).toContainText("31/01/2027");
  await expect(row).toContainText("+51995955955");

  // Edit it: a number without country code is refused next to its field.
  await row.getByRole("link", { name: "Editar Panadería Santa Rosa" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Editar cliente" })).toBeVisible();
  await whenInteractive(page);
  await page.getByLabel("Número de WhatsApp").fill("995955955");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.locator("#whatsapp-error")).toContainText("+51995955955");

  await page.getByLabel("Número de WhatsApp").fill("+51 987 654 321");
  await page.getByLabel("Nombre del cliente").fill("Panadería Santa Rosa SAC");
  await page.getByLabel("Activo").uncheck();
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toHaveText("Cliente guardado.");

  await page.reload();
  await expect(page.getByLabel("Nombre del cliente")).toHaveValue("Panadería Santa Rosa SAC");
  await expect(page.getByLabel("Número de WhatsApp")).toHaveValue("+51987654321");
  await expect(page.getByLabel("Activo")).not.toBeChecked();

  await page.getByRole("link", { name: "Volver al listado" }).click();
  const edited = page.getByRole("row", { name: /Panadería Santa Rosa SAC/ });
  await expect(edited).toContainText("No");
});

test("a plan in use cannot be deleted but can be deactivated", async ({ page }) => {
  await signIn(page);
  await page.goto("/clientes/planes");
  await whenInteractive(page);
  await page.getByRole("link", { name: "Editar Plan Básico" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Editar plan" })).toBeVisible();
  await expect(page.getByText("no se puede eliminar, pero puedes desactivarlo")).toBeVisible();
  await expect(page.getByRole("button", { name: "Eliminar plan" })).toHaveCount(0);
  await whenInteractive(page);
  await page.getByLabel("Activo").uncheck();
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toHaveText("Plan guardado.");
  await page.getByRole("link", { name: "Volver a Planes" }).click();
  await expect(page.getByRole("row", { name: /Plan Básico/ })).toContainText("Desactivado");
});
