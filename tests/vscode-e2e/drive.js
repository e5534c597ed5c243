// Drives a real VS Code (code-server in headless Chromium) with the CharRNN extension installed:
// train a model through the command, then check ghost text, Ctrl+Space items, the hover preview, hallucination,
// live settings, the visualization, switching to another model and reloading it, and a server that cannot start.
// Usage: node drive.js URL WORKSPACE ARTIFACTS EDIT_FILE USER_DATA_DIR SECOND_MODEL. Exits non-zero on the first failed check.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const { chromium } = createRequire(path.join(__dirname, '..', '..', 'clients', 'vscode', 'package.json'))('playwright-core');

const [url, workspace, artifacts, editFile, userData, secondModel] = process.argv.slice(2);
const started = Date.now();
const say = text => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const shot = async name => { await page.screenshot({ path: path.join(artifacts, `${name}.png`) }); say(`screenshot ${name}.png`); };
  try {
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    say('workbench loaded');
    const status = page.locator('.statusbar-item', { hasText: /CharRNN/ }).first();
    await status.waitFor({ timeout: 90_000 });
    await expectText(status, /no model/, 60_000, 'status bar says there is no model yet');
    await shot('01-no-model');

    await runCommand(page, 'CharRNN: Train a model on this workspace');
    await expectText(status, /training/, 60_000, 'status bar shows training progress');
    await page.waitForTimeout(4000);
    await shot('02-training');
    await expectText(status, /CharRNN (LSTM|GRU|RNN) \d+x\d+ · \d+\.\d\d bpc/, 240_000, 'status bar shows the trained model');
    const modelFile = path.join(workspace, '.charrnn', 'model.safetensors');
    if (!fs.existsSync(modelFile)) throw new Error(`training reported success but ${modelFile} does not exist`);
    say(`checkpoint written: ${fs.statSync(modelFile).size} bytes; status: ${await status.innerText()}`);
    await shot('03-trained');

    // Open the C file and type at its end.
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget', { state: 'visible' });
    await page.keyboard.type(path.basename(editFile));
    await page.waitForTimeout(1000);
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('static int ', { delay: 80 });
    await page.waitForTimeout(1500);
    await shot('04a-after-typing');

    const ghost = page.locator('.ghost-text-decoration, .ghost-text-decoration-preview, .ghost-text');
    await waitForGhost(page, ghost, 'after typing');
    say(`ghost text after typing: ${JSON.stringify((await ghost.allInnerTexts()).join('\n'))}`);
    await shot('04-ghost-text');
    await page.keyboard.press('Escape');

    // Alt+\ asks for ghost text on demand: dismiss what typing brought, check it stays away, then ask.
    await page.keyboard.type('x', { delay: 50 });
    await page.waitForTimeout(1500);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1500);
    if (await ghost.first().isVisible()) throw new Error('ghost text is still shown after Escape');
    await page.keyboard.press('Alt+Backslash');
    await waitForGhost(page, ghost, 'after Alt+\\', false);
    say('ghost text after Alt+\\');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const widget = await page.locator('.suggest-widget.visible').innerText();
    say(`completion list: ${JSON.stringify(widget.slice(0, 300))}`);
    if (!/charrnn/.test(widget)) throw new Error('the completion list does not show charrnn items');
    await shot('05-completion');
    await page.keyboard.press('Escape');

    // Hover over the first identifier of the file.
    await page.keyboard.press('Control+Home');
    const token = page.locator('.editor-instance .view-line span span').filter({ hasText: /[A-Za-z_]{3,}/ }).first();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'charrnn imagines' });
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      const box = await token.boundingBox();
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + 4, box.y + box.height / 2);
      await hover.waitFor({ timeout: 15_000 }).catch(() => undefined);
    }
    if (!(await hover.isVisible())) throw new Error('no hover preview from charrnn');
    await page.waitForTimeout(800); // the hover fades in
    say(`hover: ${JSON.stringify((await hover.innerText()).slice(0, 200))}`);
    await shot('06-hover');
    await page.mouse.move(5, 5);

    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await runCommand(page, 'CharRNN: Hallucinate from here');
    await page.locator('.tab', { hasText: /Untitled/ }).first().waitFor({ timeout: 30_000 });
    const sideEditor = page.locator('.editor-group-container').nth(1).locator('.view-lines');
    await sideEditor.waitFor({ timeout: 10_000 });
    const hallucinated = await sideEditor.innerText();
    if (hallucinated.trim() === '') throw new Error('the hallucination editor is empty');
    say(`hallucination opened in a side editor: ${JSON.stringify(hallucinated.slice(0, 120))}`);
    await shot('07-hallucinate');

    // Settings apply live: a smaller charrnn.maxLength shortens the next hallucination.
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'charrnn.maxLength': 5 }, null, 2));
    await page.waitForTimeout(3000);
    await page.locator('.editor-group-container').first().locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await runCommand(page, 'CharRNN: Hallucinate from here');
    await page.locator('.tab', { hasText: /Untitled-2/ }).first().waitFor({ timeout: 30_000 });
    const short = (await sideEditor.innerText()).replace(/\s/g, '');
    if (short.length > 5) throw new Error(`charrnn.maxLength 5 did not reach the server: got ${JSON.stringify(short)}`);
    say(`after charrnn.maxLength = 5: ${JSON.stringify(short)}`);

    await runCommand(page, 'CharRNN: Show neuron visualization');
    await page.locator('.tab', { hasText: 'Cells: core.c' }).first().waitFor({ timeout: 120_000 });
    await page.waitForTimeout(3000); // the webview renders its report
    say('neuron visualization opened in a webview');
    await shot('08-visualization');

    // "Select model" (the file dialog VS Code shows in a browser: a path box) switches to the GRU run.sh trained;
    // "Reload model" then reports what the server serves, which proves the server switched too.
    await runCommand(page, 'CharRNN: Select model');
    const pathBox = page.locator('.quick-input-widget .quick-input-box input');
    await pathBox.waitFor({ state: 'visible', timeout: 15_000 });
    // Wait until the dialog has listed the workspace (it sets the box's value then), then replace the path.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '.charrnn' }).first().waitFor({ timeout: 15_000 });
    await pathBox.press('Control+A');
    await pathBox.type(secondModel, { delay: 10 });
    await page.waitForTimeout(1000);
    if ((await pathBox.inputValue()) !== secondModel) throw new Error(`the file dialog's path box says ${await pathBox.inputValue()}`);
    await page.keyboard.press('Enter');
    await expectText(status, /CharRNN GRU 1x32 · \d+\.\d\d bpc/, 30_000, 'status bar shows the selected model');
    const selected = JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['charrnn.modelPath'];
    if (selected !== secondModel) throw new Error(`charrnn.modelPath is ${JSON.stringify(selected)}, expected ${secondModel}`);
    await runCommand(page, 'CharRNN: Reload model');
    const reloaded = page.locator('.notification-toast', { hasText: `loaded gru 1x32` });
    await reloaded.first().waitFor({ timeout: 30_000 });
    say(`after Reload model: ${JSON.stringify(await reloaded.first().innerText())}`);
    await shot('09-selected-model');

    // A server that cannot start is reported in a notification and in the status bar, not silently.
    // charrnn.serverPath is machine-scoped (a workspace must not choose what runs), so it goes in the machine settings.
    const machineSettings = path.join(userData, 'Machine', 'settings.json');
    fs.mkdirSync(path.dirname(machineSettings), { recursive: true });
    fs.writeFileSync(machineSettings, JSON.stringify({ 'charrnn.serverPath': '/nonexistent/charrnn-lsp' }));
    const toast = page.locator('.notification-toast', { hasText: 'charrnn.serverPath is "/nonexistent/charrnn-lsp", which does not exist' });
    await toast.first().waitFor({ timeout: 30_000 });
    await expectText(status, /CharRNN: (error|.*does not exist)/, 10_000, 'status bar shows the start failure');
    await shot('10-server-missing');
    say('all checks passed');
  } catch (e) {
    await shot('failure').catch(() => undefined);
    throw e;
  } finally {
    await browser.close();
  }
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget', { state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  say(`ran "${title}"`);
}

async function expectText(locator, pattern, timeout, what) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await locator.innerText().catch(() => '');
    if (pattern.test(last)) { say(`${what}: "${last}"`); return; }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`${what}: expected ${pattern}, status bar says "${last}"`);
}

/** Ghost text is sampled, so an empty sample is possible: retype the last character a few times. */
async function waitForGhost(page, ghost, when, retype = true) {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await ghost.first().waitFor({ state: 'visible', timeout: 15_000 });
      return;
    } catch {
      say(`no ghost text yet ${when}, asking again (attempt ${attempt + 1})`);
      if (retype) {
        await page.keyboard.press('Backspace');
        await page.keyboard.type(' ', { delay: 50 });
      } else {
        await page.keyboard.press('Alt+Backslash');
      }
    }
  }
  throw new Error(`no ghost text ${when}`);
}

main().catch(e => { console.error(`e2e FAILED: ${e.message}`); process.exit(1); });
