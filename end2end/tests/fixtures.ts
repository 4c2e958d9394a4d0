import { expect, test as base } from "@playwright/test";

// Every test fails if the page logged an error or threw: a hydration mismatch or a panic in
// the wasm shows up there long before it shows up as a wrong click.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      // Refusals the user is shown (bad input 400, wrong password 401, conflicts 409) are
      // answered with those statuses on purpose; the browser logs those requests.
      const unexpected = errors.filter((e) => !/status of 40[019]/.test(e));
      expect(unexpected, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
