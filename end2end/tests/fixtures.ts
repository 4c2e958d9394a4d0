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
      // A wrong password is answered with 401 on purpose; the browser logs that request.
      const unexpected = errors.filter((e) => !/status of 40[01]/.test(e));
      expect(unexpected, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
