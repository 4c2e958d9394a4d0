import { Page } from "@playwright/test";
import { startFakeGateway, startSmtpSink, plainText } from "./fakes";
import { expect, test } from "./fixtures";
import { signIn, whenInteractive } from "./session";

// Runs after orders.spec.ts on the same installation. The SMTP server and the QRAPI gateway
// are fakes on loopback started here; the panel is configured to use them.
test.describe.configure({ mode: "serial" });

const SMTP_PASSWORD = "abcd efgh ijkl mnop";
const API_KEY = "qrapi-e2e-clave-secreta";

function isoDate(daysFromToday: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysFromToday);
  return d.toISOString().slice(0, 10);
}

async function openSettings(page: Page) {
  await page.goto("/configuracion");
  await whenInteractive(page);
  await expect(page.getByRole("heading", { level: 1, name: "Configuración" })).toBeVisible();
}

test("configure e-mail and WhatsApp, test both, create and notify an order, see it delivered", async ({ page }) => {
  const sink = await startSmtpSink();
  const gateway = await startFakeGateway();
  try {
    await signIn(page);
    await page.getByRole("navigation", { name: "Ajustes" }).getByRole("link", { name: "Configuración" }).click();
    await whenInteractive(page);

    // The template appears once notifications are enabled; an unknown variable is refused.
    const editor = page.getByLabel("Plantilla de mensaje");
    await expect(editor).toBeHidden();
    await page.getByRole("switch", { name: "Habilitar notificaciones" }).check();
    await expect(editor).toBeVisible();
    await expect(editor).toHaveValue(/^Hola @variable_nombre\n/);
    await expect(page.getByRole("button", { name: "@variable_fecha_vencimiento" })).toBeVisible();
    await editor.fill("Hola @variable_nombre, debe @variable_monto");
    await page.getByRole("button", { name: "Guardar notificaciones" }).click();
    await expect(page.locator("#template-error")).toContainText("La variable @variable_monto no existe");
    await editor.fill("Hola @variable_nombre\nPlan *@variable_plan*\n- Monto: *@variable_precios*\n- Vence: ");
    await page.getByRole("button", { name: "@variable_fecha_vencimiento" }).click();
    await expect(editor).toHaveValue(/- Vence: @variable_fecha_vencimiento$/);
    await page.getByRole("button", { name: "Guardar notificaciones" }).click();
    await expect(page.getByText("Notificaciones guardadas.")).toBeVisible();

    // E-mail (SMTP), pointed at the sink. The password is write-only.
    await page.getByLabel("Dirección del host de correo").fill("127.0.0.1");
    await page.getByLabel("Puerto del host de correo").fill(String(sink.port));
    await page.getByLabel("Nombre de usuario de correo").fill("cobranzas@empresa.pe");
    await page.getByLabel("Contraseña del usuario de correo").fill(SMTP_PASSWORD);
    await page.getByLabel("Encriptación de correo").selectOption({ label: "Ninguna" });
    await page.getByLabel("Nombre del remitente").fill("Cobranzas Empresa");
    await page.getByRole("button", { name: "Guardar correo" }).click();
    await expect(page.getByText("Correo guardado.")).toBeVisible();
    const smtpSection = page.getByRole("region", { name: "Configuración de Correo Electrónico" });
    await expect(smtpSection.getByText("configurada")).toBeVisible();
    await expect(page.getByLabel("Contraseña del usuario de correo")).toHaveCount(0);
    await expect(page.getByLabel("Correo del remitente")).toHaveValue("cobranzas@empresa.pe");

    await page.getByLabel("Enviar un correo de prueba a").fill("dueno@empresa.pe");
    await page.getByRole("button", { name: "Enviar correo de prueba" }).click();
    await expect(page.getByText("Correo de prueba enviado a dueno@empresa.pe.")).toBeVisible();
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0].to).toEqual(["dueno@empresa.pe"]);

    // WhatsApp (QRAPI), pointed at the fake gateway; the trailing slash goes away.
    await page.getByLabel("URL de Cliente").fill(`${gateway.url}/`);
    await page.getByLabel("API Key").fill(API_KEY);
    await page.getByRole("button", { name: "Guardar WhatsApp" }).click();
    await expect(page.getByText("WhatsApp guardado.")).toBeVisible();
    await expect(page.getByLabel("URL de Cliente")).toHaveValue(gateway.url);
    await page.getByLabel("Enviar un WhatsApp de prueba al número").fill("+51 995 955 955");
    await page.getByRole("button", { name: "Enviar WhatsApp de prueba" }).click();
    await expect(page.getByText("WhatsApp de prueba enviado a +51995955955.")).toBeVisible();
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0].path).toBe("/api/message/send-text");
    expect(gateway.requests[0].authorization).toBe(`Bearer ${API_KEY}`);
    expect(gateway.requests[0].body.number).toBe("51995955955");

    // The secrets are in no page.
    for (const html of [await page.content(), await (await page.request.get("/configuracion")).text()]) {
      expect(html).not.toContain(SMTP_PASSWORD);
      expect(html).not.toContain(API_KEY);
    }

    // A client reachable on both channels.
    await page.goto("/clientes/nuevo");
    await whenInteractive(page);
    await page.getByLabel("Nombre del cliente").fill("Librería Ñaupa");
    await page.getByLabel("Correo de contacto").fill("pagos@naupa.pe");
    await page.getByLabel("Número de WhatsApp").fill("+51 987 654 321");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect(page.getByText("Cliente guardado.")).toBeVisible();

    // "Crear y Notificar Orden".
    await page.getByRole("navigation", { name: "Secciones" }).getByRole("link", { name: "Pagos" }).click();
    await whenInteractive(page);
    await page.getByRole("button", { name: "+ Nueva Orden" }).click();
    const dialog = page.getByRole("dialog", { name: "Nueva orden de pago" });
    await dialog.getByLabel("Empresa").fill("Ñaupa");
    await dialog.getByRole("button", { name: /^Librería Ñaupa #/ }).click();
    await dialog.getByLabel("Fecha de vencimiento").fill(isoDate(5));
    await dialog.getByLabel("Monto").fill("150");
    await dialog.getByRole("button", { name: "Crear y Notificar Orden", exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole("status")).toContainText("Aviso en cola por Correo y WhatsApp");

    const row = page.getByRole("row", { name: /Librería Ñaupa/ });
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Correo: enviado", { timeout: 1000 });
      await expect(row).toContainText("WhatsApp: enviado", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    expect(sink.mails).toHaveLength(2);
    expect(sink.mails[1].to).toEqual(["pagos@naupa.pe"]);
    const text = plainText(sink.mails[1].data);
    expect(text).toContain("Hola Librería Ñaupa");
    expect(text).toContain("- Monto: *S/ 150.00*");
    expect(gateway.requests).toHaveLength(2);
    expect(gateway.requests[1].body.number).toBe("51987654321");
    expect(gateway.requests[1].body.message).toContain("Hola Librería Ñaupa");

    // "Notificar" again within the hour asks first.
    await whenInteractive(page);
    await row.getByRole("button", { name: "Notificar" }).click();
    const notify = page.getByRole("dialog", { name: /Notificar orden/ });
    await notify.getByRole("button", { name: "Enviar recordatorio" }).click();
    await expect(notify.getByRole("alert")).toContainText("se notificó hace");
    await notify.getByRole("button", { name: "Enviar de todos modos" }).click();
    await expect(notify).toHaveCount(0);
    await expect(page.getByRole("status")).toContainText("en cola por Correo y WhatsApp");
    await expect.poll(() => sink.mails.length, { timeout: 10_000 }).toBe(3);

    // The order's detail lists every notification and attempt.
    await row.getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "Notificaciones" })).toBeVisible();
    await expect(page.getByText("pagos@naupa.pe").first()).toBeVisible();
    await expect(page.locator(".notification-log > li")).toHaveCount(4);

    // The live preview uses a real client's data.
    await openSettings(page);
    await page.getByLabel("Vista previa para el cliente").fill("Ñaupa");
    await page.getByRole("button", { name: /^Librería Ñaupa #/ }).click();
    const preview = page.getByLabel("Vista previa del mensaje");
    await expect(preview).toContainText("Hola Librería Ñaupa");
    await expect(preview).toContainText("- Monto: *S/ 150.00*");
    await page.getByLabel("Plantilla de mensaje").fill("Estimado @variable_nombre");
    await expect(preview).toHaveText("Estimado Librería Ñaupa");
  } finally {
    sink.close();
    gateway.close();
  }
});
