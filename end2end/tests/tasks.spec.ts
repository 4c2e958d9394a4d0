import { startFakeGateway, startSmtpSink } from "./fakes";
import { expect, test } from "./fixtures";
import { signIn, whenInteractive } from "./session";

// Runs last on the same installation. Turns the automatic tasks on and bills a client with
// "Ejecutar ahora"; its reminders go to loopback fakes started here.
test.describe.configure({ mode: "serial" });

/** A date in Lima (UTC-5, no daylight saving), `days` from today, as aaaa-mm-dd. */
function limaDate(days: number): string {
  return new Date(Date.now() - 5 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

test("turn CRON on, bill today with «Ejecutar ahora» and see the automatic order notified", async ({ page }) => {
  const sink = await startSmtpSink();
  const gateway = await startFakeGateway();
  try {
    await signIn(page);
    await whenInteractive(page);

    // While CRON is off, "Pagos" says so and leads to the setting.
    const banner = page.getByRole("region", { name: "Tareas automáticas desactivadas" });
    await expect(banner).toContainText("Activa las tareas automáticas CRON");
    await banner.getByRole("link", { name: "Ir a Configuración" }).click();
    await expect(page).toHaveURL(/\/configuracion#tareas$/);
    await whenInteractive(page);

    // Channels and a client through the API (the other specs cover their forms).
    const post = async (path: string, form: Record<string, string>) => {
      const response = await page.request.post(path, { form });
      expect(response.status(), path).toBe(200);
      return response.json();
    };
    await post("/api/settings/smtp", {
      host: "127.0.0.1", port: String(sink.port), username: "", password: "", encryption: "none",
      from_name: "Cobranzas", from_address: "cobranzas@empresa.pe",
    });
    await post("/api/settings/whatsapp", { url: gateway.url, api_key: "clave-tareas" });
    const current = await post("/api/settings/notifications", {});
    await post("/api/settings/template", { enabled: "on", template: current.template, subject: current.subject });
    const plan = await post("/api/plans/create", { name: "Plan Tareas", price: "99", interval: "1", active: "on" });
    await post("/api/clients/create", {
      name: "Taller Quispe", email: "pagos@quispe.pe", whatsapp: "+51 912 345 678",
      plan_id: String(plan.id), next_due_date: limaDate(2), active: "on",
    });

    // "Configuración de tareas automáticas". A late hour, so only "Ejecutar ahora" bills today.
    await page.reload();
    await whenInteractive(page);
    const tasks = page.getByRole("region", { name: "Configuración de tareas automáticas" });
    await expect(tasks.getByText("Aún no hay ejecuciones")).toBeVisible();
    await tasks.getByRole("switch", { name: "Activar tareas automáticas CRON" }).check();
    await tasks.getByLabel("Días antes del vencimiento").fill("3");
    await tasks.getByLabel("Hora para generar la orden").fill("23:59:59");
    await expect(tasks.getByLabel("Zona horaria")).toHaveValue("America/Lima");
    await tasks.getByRole("button", { name: "Guardar tareas automáticas" }).click();
    await expect(page.getByRole("status")).toHaveText("Tareas automáticas guardadas.");
    await expect(tasks.getByRole("switch", { name: "Activar tareas automáticas CRON" })).toBeChecked();

    await tasks.getByRole("button", { name: "Ejecutar ahora" }).click();
    await expect(page.getByRole("status")).toHaveText("Ejecución terminada: 1 orden generada y 2 recordatorios en cola.");
    const history = tasks.getByRole("table");
    await expect(history.locator("tbody tr")).toHaveCount(1);
    await expect(history.locator("tbody tr").first()).toContainText("Ejecutar ahora");
    // Pressing it again changes nothing.
    await tasks.getByRole("button", { name: "Ejecutar ahora" }).click();
    await expect(page.getByRole("status")).toHaveText("Ejecución terminada: 0 órdenes generadas y 0 recordatorios en cola.");

    // "Pagos": no banner any more, and the automatic order with its notifications.
    await page.getByRole("navigation", { name: "Secciones" }).getByRole("link", { name: "Pagos" }).click();
    await whenInteractive(page);
    await expect(page.getByRole("region", { name: "Tareas automáticas desactivadas" })).toHaveCount(0);
    const row = page.getByRole("row", { name: /Taller Quispe/ });
    await expect(row).toContainText("S/ 99.00");
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("Correo: enviado", { timeout: 1000 });
      await expect(row).toContainText("WhatsApp: enviado", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    expect(sink.mails.map((m) => m.to[0])).toContain("pagos@quispe.pe");
    expect(gateway.requests[0].body.number).toBe("51912345678");

    await row.getByRole("link").first().click();
    await expect(page.getByText("Automática", { exact: true })).toBeVisible();
    await expect(page.getByText(/^Plan Tareas — /)).toBeVisible();
  } finally {
    sink.close();
    gateway.close();
  }
});
