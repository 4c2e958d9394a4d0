//! "Configuración": notifications and their template, e-mail (SMTP), WhatsApp (QRAPI) and the
//! sending limits. Each section saves on its own, so saving one never discards what is being
//! typed in another.

use super::client_picker::ClientPicker;
use super::form::{action_error, ErrorNote, FieldError, FormError, SaveActions};
use super::toast::{toast_outcome, use_toasts};
use crate::api::automation::{get_automation, list_runs, list_timezones, RunNow, SaveAutomation};
use crate::api::settings::{
    get_notification_settings, preview_values, ClearSecret, SaveLimits, SaveSmtp, SaveTemplate, SaveWhatsapp,
    SendTestEmail, SendTestWhatsapp,
};
use crate::model::{AutomationView, NotificationSettingsView, RunView, SmtpEncryption, Template, Variable};
use crate::i18n::date;
use crate::AppError;
use leptos::form::ActionForm;
use leptos::html::Textarea;
use leptos::prelude::*;
use super::lang::use_lang;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text="Configuración" />
        <header class="page-header">
            <h1>{lang.tr("Configuración")}</h1>
        </header>
        <AutomationSection />
        <NotificationsSection />
        <SmtpSection />
        <WhatsAppSection />
        <LimitsSection />
    }
}

/// Loads the settings again whenever `version` changes (after this section saved).
fn settings_resource(version: impl Fn() -> usize + Send + Sync + 'static) -> Resource<Result<NotificationSettingsView, AppError>> {
    Resource::new(version, |_| get_notification_settings())
}

/// How many calls of `action` succeeded. Sections reload on this, not on every call, so a
/// refused save keeps what the user typed next to the error.
fn successes<I, O>(action: ServerAction<I>) -> Signal<usize>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let count = RwSignal::new(0usize);
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            count.update(|n| *n += 1);
        }
    });
    count.into()
}

/// "Configuración de tareas automáticas": CRON, days before, hour, time zone, extra reminders,
/// and the run history with "Ejecutar ahora".
#[component]
fn AutomationSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveAutomation>::new();
    toast_outcome(save, |_| "Tareas automáticas guardadas.".to_string());
    let run = ServerAction::<RunNow>::new();
    let saved_count = successes(save);
    let ran = successes(run);
    let automation = Resource::new(move || saved_count.get(), |_| get_automation());
    let zones = Resource::new(|| (), |_| list_timezones());
    let runs = Resource::new(move || (ran.get(), saved_count.get()), |_| list_runs());
    let run_error = action_error(run);
    toast_outcome(run, |message| message.clone());
    view! {
        <section class="card settings-section" id="tareas" aria-labelledby="automation-title">
            <h2 id="automation-title">{lang.tr("Configuración de tareas automáticas")}</h2>
            <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
                {move || Suspend::new(async move {
                    let zones = zones.await.unwrap_or_default();
                    match automation.await {
                        Ok(current) => view! { <AutomationForm current zones save /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
            <h3>{lang.tr("Historial de ejecuciones")}</h3>
            <ActionForm action=run attr:class="run-now">
                <button type="submit" class="button ghost" disabled=move || run.pending().get()>
                    {move || lang.tr(if run.pending().get() { "Ejecutando…" } else { "Ejecutar ahora" })}
                </button>
                <span class="hint">{lang.tr("Genera ahora las órdenes de hoy con las mismas reglas; repetirlo no duplica nada.")}</span>
                <FormError error=run_error />
            </ActionForm>
            <Transition fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
                {move || Suspend::new(async move {
                    match runs.await {
                        Ok(runs) => view! { <RunHistory runs /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AutomationForm(current: AutomationView, zones: Vec<String>, save: ServerAction<SaveAutomation>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(save);
    let cron = RwSignal::new(current.cron_enabled);
    let after_on = RwSignal::new(current.remind_days_after.is_some());
    let after_days = RwSignal::new(current.remind_days_after.unwrap_or(3).to_string());
    let zone = current.timezone.clone();
    let options = zones
        .into_iter()
        .map(|name| {
            let selected = name == zone;
            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="form-grid">
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    name="cron_enabled"
                    value="on"
                    prop:checked=move || cron.get()
                    on:change=move |ev| cron.set(event_target_checked(&ev))
                />
                {lang.tr("Activar tareas automáticas CRON")}
            </label>
            <p class="hint">
                {lang.tr("Cada día, a la hora indicada, se generan las órdenes de los clientes con plan cuyo vencimiento está dentro de los días configurados.")}
            </p>
            <label for="days_before">{lang.tr("Días antes del vencimiento")}</label>
            <input id="days_before" name="days_before" type="number" min="0" max="60" value=current.days_before />
            <FieldError error field="days_before" />
            <label for="generation_time">{lang.tr("Hora para generar la orden")}</label>
            <input id="generation_time" name="generation_time" type="time" step="1" value=current.generation_time.format("%H:%M:%S").to_string() />
            <FieldError error field="generation_time" />
            <label for="timezone">{lang.tr("Zona horaria")}</label>
            <select id="timezone" name="timezone">{options}</select>
            <FieldError error field="timezone" />
            <fieldset>
                <legend>{lang.tr("Recordatorios adicionales")}</legend>
                <label class="checkbox">
                    <input type="checkbox" name="remind_on_due_date" value="on" checked=current.remind_on_due_date />
                    {lang.tr("Recordatorio el día del vencimiento")}
                </label>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || after_on.get() on:change=move |ev| after_on.set(event_target_checked(&ev)) />
                    {lang.tr("Recordatorio días después del vencimiento")}
                </label>
                <input type="hidden" name="remind_days_after" prop:value=move || if after_on.get() { after_days.get() } else { String::new() } />
                <Show when=move || after_on.get()>
                    <label for="after_days">{lang.tr("Días después del vencimiento")}</label>
                    <input id="after_days" type="number" min="1" max="60" prop:value=move || after_days.get() on:input=move |ev| after_days.set(event_target_value(&ev)) />
                </Show>
                <FieldError error field="remind_days_after" />
                <p class="hint">{lang.tr("Solo mientras la orden siga sin pagar ni anular, y con las notificaciones habilitadas.")}</p>
            </fieldset>
            <FormError error />
            <SaveActions pending=save.pending().into() label="Guardar tareas automáticas" />
        </ActionForm>
    }
}

#[component]
fn RunHistory(runs: Vec<RunView>) -> impl IntoView {
    let lang = use_lang();
    if runs.is_empty() {
        return view! { <p class="muted">{lang.tr("Aún no hay ejecuciones. Activa las tareas automáticas o usa «Ejecutar ahora».")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table runs">
                <thead>
                    <tr>
                        <th scope="col">{lang.tr("Día")}</th>
                        <th scope="col">{lang.tr("Inicio")}</th>
                        <th scope="col">{lang.tr("Fin")}</th>
                        <th scope="col">{lang.tr("Órdenes generadas")}</th>
                        <th scope="col">{lang.tr("Recordatorios en cola")}</th>
                        <th scope="col">{lang.tr("Origen")}</th>
                        <th scope="col">{lang.tr("Error")}</th>
                    </tr>
                </thead>
                <tbody>
                    {runs
                        .into_iter()
                        .map(|r| view! {
                            <tr>
                                <td>{date(lang, r.run_date)}</td>
                                <td>{r.started_local}</td>
                                <td>{r.finished_local.unwrap_or_else(|| "en curso".into())}</td>
                                <td class="amount">{r.generated}</td>
                                <td class="amount">{r.queued}</td>
                                <td>{lang.tr(if r.manual { "Ejecutar ahora" } else { "Automática" })}</td>
                                <td class="error-text">{r.error.unwrap_or_default()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NotificationsSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveTemplate>::new();
    toast_outcome(save, |_| "Notificaciones guardadas.".to_string());
    let saved_count = successes(save);
    let settings = settings_resource(move || saved_count.get());
    view! {
        <section class="card settings-section" aria-labelledby="notifications-title">
            <h2 id="notifications-title">{lang.tr("Configuración de Notificaciones")}</h2>
            <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(settings) => view! { <TemplateForm settings save /> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TemplateForm(settings: NotificationSettingsView, save: ServerAction<SaveTemplate>) -> impl IntoView {
    let lang = use_lang();
    let error = action_error(save);
    let enabled = RwSignal::new(settings.enabled);
    let template = RwSignal::new(settings.template.clone());
    let subject = RwSignal::new(settings.subject.clone());
    let editor = NodeRef::<Textarea>::new();
    let insert = move |token: &'static str| {
        let text = template.get_untracked();
        // Insert where the cursor is (at the end when the editor never had focus).
        let at = editor
            .get_untracked()
            .and_then(|area| area.selection_start().ok().flatten())
            .map(|utf16| utf16_to_byte_index(&text, utf16 as usize))
            .unwrap_or(text.len());
        let mut next = text.clone();
        next.insert_str(at, token);
        template.set(next);
        if let Some(area) = editor.get_untracked() {
            let _ = area.focus();
        }
    };
    let chips = Variable::ALL
        .into_iter()
        .map(|variable| {
            view! {
                <li>
                    <button type="button" class="chip" title=lang.tr(variable.description()) on:click=move |_| insert(variable.token())>
                        {variable.token()}
                    </button>
                    <span class="muted">{format!(" {}", lang.tr(variable.description()))}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="form-grid">
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    name="enabled"
                    value="on"
                    prop:checked=move || enabled.get()
                    on:change=move |ev| enabled.set(event_target_checked(&ev))
                />
                {lang.tr("Habilitar notificaciones")}
            </label>
            <p class="hint">{lang.tr("Con las notificaciones activas, cada orden automática envía su recordatorio por correo y WhatsApp. «Notificar» funciona siempre.")}</p>
            <div class="template-editor" hidden=move || !enabled.get()>
                <label for="template">{lang.tr("Plantilla de mensaje")}</label>
                <textarea id="template" name="template" rows="7" node_ref=editor prop:value=move || template.get() on:input=move |ev| template.set(event_target_value(&ev))>
                    {settings.template.clone()}
                </textarea>
                <FieldError error field="template" />
                <p class="hint">{lang.tr("Variables disponibles (haz clic para insertarlas). *texto* se ve en negrita en WhatsApp y en el correo.")}</p>
                <ul class="variables">{chips}</ul>
                <label for="subject">{lang.tr("Asunto del correo")}</label>
                <input id="subject" name="subject" maxlength="200" prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev)) />
                <FieldError error field="subject" />
                <TemplatePreview template subject />
            </div>
            <FormError error />
            <SaveActions pending=save.pending().into() label="Guardar notificaciones" />
        </ActionForm>
    }
}

/// The byte index of the `utf16`-th UTF-16 unit of `text` (the browser counts in UTF-16).
fn utf16_to_byte_index(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        if units >= utf16 {
            return index;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The message as one real client would get it, updated while typing.
#[component]
fn TemplatePreview(template: RwSignal<String>, subject: RwSignal<String>) -> impl IntoView {
    let lang = use_lang();
    let client = RwSignal::new(None::<i64>);
    let values = Resource::new(move || client.get(), |id| async move {
        match id {
            Some(id) => preview_values(id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <div class="preview">
            <label for="preview-client">{lang.tr("Vista previa para el cliente")}</label>
            <ClientPicker name="preview_client" input_id="preview-client" on_pick=move |id| client.set(Some(id)) />
            <Transition>
                {move || Suspend::new(async move {
                    match values.await {
                        Ok(Some(values)) => {
                            let values_subject = values.clone();
                            let body = move || match Template::parse(&template.get()) {
                                Ok(t) => t.render(&values),
                                Err(message) => message,
                            };
                            let title = move || match Template::parse_subject(&subject.get()) {
                                Ok(t) => t.render(&values_subject),
                                Err(message) => message,
                            };
                            view! {
                                <p class="preview-subject"><strong>{lang.tr("Asunto: ")}</strong>{title}</p>
                                <pre class="preview-body" aria-label=lang.tr("Vista previa del mensaje")>{body}</pre>
                            }
                            .into_any()
                        }
                        Ok(None) => view! { <p class="muted">{lang.tr("Elige un cliente para ver el mensaje con sus datos.")}</p> }.into_any(),
                        Err(error) => view! { <ErrorNote error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn SmtpSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveSmtp>::new();
    let test_email = ServerAction::<SendTestEmail>::new();
    let clear = ServerAction::<ClearSecret>::new();
    let (saved_count, cleared) = (successes(save), successes(clear));
    toast_outcome(clear, |_| "Clave quitada.".to_string());
    let settings = settings_resource(move || saved_count.get() + cleared.get());
    let error = action_error(save);
    toast_outcome(save, |_| "Correo guardado.".to_string());
    view! {
        <section class="card settings-section" aria-labelledby="smtp-title">
            <h2 id="smtp-title">{lang.tr("Configuración de Correo Electrónico")}</h2>
            <p class="hint">{lang.tr("Con Gmail: smtp.gmail.com, puerto 587, encriptación TLS y una contraseña de aplicación (requiere la verificación en dos pasos).")}</p>
            <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
                {move || Suspend::new(async move {
                    let smtp = match settings.await {
                        Ok(settings) => settings.smtp,
                        Err(error) => return view! { <ErrorNote error /> }.into_any(),
                    };
                    let encryptions = SmtpEncryption::ALL
                        .into_iter()
                        .map(|e| view! { <option value=e.as_db() selected=e == smtp.encryption>{lang.tr(e.label())}</option> })
                        .collect_view();
                    view! {
                        <ActionForm action=save attr:class="form-grid">
                            <label for="host">{lang.tr("Dirección del host de correo")}</label>
                            <input id="host" name="host" placeholder="smtp.gmail.com" value=smtp.host.clone() />
                            <FieldError error field="host" />
                            <label for="port">{lang.tr("Puerto del host de correo")}</label>
                            <input id="port" name="port" inputmode="numeric" placeholder="587" value=smtp.port.map(|p| p.to_string()).unwrap_or_default() />
                            <FieldError error field="port" />
                            <label for="username">{lang.tr("Nombre de usuario de correo")}</label>
                            <input id="username" name="username" autocomplete="off" placeholder="tucorreo@gmail.com" value=smtp.username.clone() />
                            <FieldError error field="username" />
                            <SecretField id="password" label="Contraseña del usuario de correo" is_set=smtp.password_set which="smtp_password" clear />
                            <FieldError error field="password" />
                            <label for="encryption">{lang.tr("Encriptación de correo")}</label>
                            <select id="encryption" name="encryption">{encryptions}</select>
                            <FieldError error field="encryption" />
                            <label for="from_name">{lang.tr("Nombre del remitente")}</label>
                            <input id="from_name" name="from_name" maxlength="100" placeholder=lang.tr("Mi Empresa") value=smtp.from_name.clone() />
                            <FieldError error field="from_name" />
                            <label for="from_address">{lang.tr("Correo del remitente")}</label>
                            <input id="from_address" name="from_address" type="email" placeholder=lang.tr("Si lo dejas vacío, se usa el usuario") value=smtp.from_address.clone() prop:value=smtp.from_address.clone() />
                            <FieldError error field="from_address" />
                            <FormError error />
                            <SaveActions pending=save.pending().into() label="Guardar correo" />
                        </ActionForm>
                    }
                    .into_any()
                })}
            </Suspense>
            <ActionForm action=test_email attr:class="form-grid test-send">
                <TestSendFields
                    result=test_email.value().into()
                    pending=test_email.pending().into()
                    field="to"
                    input_type="email"
                    label="Enviar un correo de prueba a"
                    placeholder="tucorreo@empresa.pe"
                    button="Enviar correo de prueba"
                />
            </ActionForm>
        </section>
    }
}

/// A password or key: typed, never shown back. Once stored it reads "configurada", with
/// "Cambiar" to type a new one and "Quitar" to forget it.
#[component]
fn SecretField(
    id: &'static str,
    label: &'static str,
    is_set: bool,
    which: &'static str,
    clear: ServerAction<ClearSecret>,
) -> impl IntoView {
    let lang = use_lang();
    let changing = RwSignal::new(!is_set);
    view! {
        <label for=id>{lang.tr(label)}</label>
        <Show
            when=move || changing.get()
            fallback=move || view! {
                <div class="secret-set">
                    // Empty: the stored one stays.
                    <input type="hidden" name=id value="" />
                    <span class="badge delivery sent">{lang.tr("configurada")}</span>
                    <button type="button" class="link-button" on:click=move |_| changing.set(true)>{lang.tr("Cambiar")}</button>
                    <button type="button" class="link-button danger-text" on:click=move |_| { clear.dispatch(ClearSecret { which: which.to_string() }); }>
                        {lang.tr("Quitar")}
                    </button>
                </div>
            }
        >
            <input id=id name=id type="password" autocomplete="new-password" placeholder=if is_set { lang.tr("Escribe la nueva") } else { String::new() } />
        </Show>
    }
}

/// The inside of a test-send form: one field, one button, the result or the real failure.
#[component]
fn TestSendFields(
    /// The last call's result.
    result: Signal<Option<Result<String, AppError>>>,
    pending: Signal<bool>,
    /// The server function's argument, also the input's id.
    field: &'static str,
    input_type: &'static str,
    label: &'static str,
    placeholder: &'static str,
    button: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let error = Signal::derive(move || result.get().and_then(|r| r.err()));
    let toasts = use_toasts();
    Effect::new(move |_| match result.get() {
        Some(Ok(sent)) => toasts.success(sent),
        Some(Err(error)) => toasts.failure(error.to_string()),
        None => {}
    });
    view! {
        <label for=field>{lang.tr(label)}</label>
        <input id=field name=field type=input_type placeholder=lang.tr(placeholder) />
        <FieldError error field=field />
        <FormError error />
        <div class="form-actions">
            <button type="submit" class="button ghost" disabled=move || pending.get()>
                {move || lang.tr(if pending.get() { "Enviando…" } else { button })}
            </button>
        </div>
        <p class="hint">{lang.tr("Usa la configuración guardada.")}</p>
    }
}

#[component]
fn WhatsAppSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveWhatsapp>::new();
    let test_whatsapp = ServerAction::<SendTestWhatsapp>::new();
    let clear = ServerAction::<ClearSecret>::new();
    let (saved_count, cleared) = (successes(save), successes(clear));
    toast_outcome(clear, |_| "Clave quitada.".to_string());
    let settings = settings_resource(move || saved_count.get() + cleared.get());
    let error = action_error(save);
    toast_outcome(save, |_| "WhatsApp guardado.".to_string());
    view! {
        <section class="card settings-section" aria-labelledby="whatsapp-title">
            <h2 id="whatsapp-title">{lang.tr("Configuración de WhatsApp (QRAPI)")}</h2>
            <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
                {move || Suspend::new(async move {
                    let whatsapp = match settings.await {
                        Ok(settings) => settings.whatsapp,
                        Err(error) => return view! { <ErrorNote error /> }.into_any(),
                    };
                    view! {
                        <ActionForm action=save attr:class="form-grid">
                            <label for="url">{lang.tr("URL de Cliente")}</label>
                            // `prop:value` too: after saving, the field shows the stored form (without the `/`)
                            // even though the user typed in it.
                            <input id="url" name="url" type="url" placeholder="https://cliente1.qrapi.com" value=whatsapp.url.clone() prop:value=whatsapp.url.clone() />
                            <p class="hint">{lang.tr("Sin la barra diagonal (/) al final; si la pegas con ella, se quita.")}</p>
                            <FieldError error field="url" />
                            <SecretField id="api_key" label="API Key" is_set=whatsapp.key_set which="qrapi_key" clear />
                            <FieldError error field="api_key" />
                            <label class="checkbox">
                                <input type="checkbox" name="accept_invalid_certs" value="on" checked=whatsapp.accept_invalid_certs />
                                {lang.tr("Aceptar certificado autofirmado (solo para una pasarela propia; menos seguro)")}
                            </label>
                            <FormError error />
                            <SaveActions pending=save.pending().into() label="Guardar WhatsApp" />
                        </ActionForm>
                    }
                    .into_any()
                })}
            </Suspense>
            <ActionForm action=test_whatsapp attr:class="form-grid test-send">
                <TestSendFields
                    result=test_whatsapp.value().into()
                    pending=test_whatsapp.pending().into()
                    field="number"
                    input_type="tel"
                    label="Enviar un WhatsApp de prueba al número"
                    placeholder="+51995955955"
                    button="Enviar WhatsApp de prueba"
                />
            </ActionForm>
        </section>
    }
}

#[component]
fn LimitsSection() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveLimits>::new();
    let saved_count = successes(save);
    let settings = settings_resource(move || saved_count.get());
    let error = action_error(save);
    toast_outcome(save, |_| "Límites guardados.".to_string());
    view! {
        <section class="card settings-section" aria-labelledby="limits-title">
            <h2 id="limits-title">{lang.tr("Límites de envío")}</h2>
            <p class="hint">{lang.tr("Evitan que el proveedor bloquee tu cuenta: Gmail admite unos 500 correos al día.")}</p>
            <Suspense fallback=move || view! { <p class="muted">{lang.tr("Cargando…")}</p> }>
                {move || Suspend::new(async move {
                    let limits = match settings.await {
                        Ok(settings) => settings.limits,
                        Err(error) => return view! { <ErrorNote error /> }.into_any(),
                    };
                    let field = move |id: &'static str, label: &'static str, value: u32| view! {
                        <label for=id>{lang.tr(label)}</label>
                        <input id=id name=id type="number" min="1" max="100000" value=value />
                        <FieldError error field=id />
                    };
                    view! {
                        <ActionForm action=save attr:class="form-grid">
                            {field("email_per_minute", "Correos por minuto", limits.email_per_minute)}
                            {field("email_per_day", "Correos por día", limits.email_per_day)}
                            {field("whatsapp_per_minute", "WhatsApp por minuto", limits.whatsapp_per_minute)}
                            {field("whatsapp_per_day", "WhatsApp por día", limits.whatsapp_per_day)}
                            <FormError error />
                            <SaveActions pending=save.pending().into() label="Guardar límites" />
                        </ActionForm>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::utf16_to_byte_index;

    #[test]
    fn the_cursor_position_counts_utf16_units() {
        assert_eq!(utf16_to_byte_index("Hola", 2), 2);
        assert_eq!(utf16_to_byte_index("ñandú x", 5), 7);
        assert_eq!(utf16_to_byte_index("a😀b", 3), 5);
        assert_eq!(utf16_to_byte_index("abc", 99), 3);
    }
}
