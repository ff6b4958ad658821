-- End-to-end test of editors/neovim in a real, headless Neovim (0.11+), run by
-- tests/editors/run.sh as:
--   nvim --headless -u NONE -i NONE -n -l tests/editors/nvim_test.lua
-- It loads lsp/newslint.lua exactly as a user would (editors/neovim on 'runtimepath', then
-- vim.lsp.enable), with `newslint` found on PATH, opens a story with known problems and checks
-- what the writer would see. Environment: NEOVIM_CONFIG (editors/neovim), STORY (a Markdown
-- story), TIMEOUT_MS (per wait, default 20000), SAMPLES (keystrokes timed, default 20).
-- Prints one line per check, the timings, and "nvim: N passed, M failed"; exits 1 on a failure.

local uv = vim.uv
local TIMEOUT = tonumber(vim.env.TIMEOUT_MS or '') or 20000
local SAMPLES = tonumber(vim.env.SAMPLES or '') or 20
local RULE = 'mixed-quote-style'

local passed, failed = 0, 0
local timings = {}

local function now_ms()
  return uv.hrtime() / 1e6
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  local suffix = detail ~= nil and (' -- ' .. vim.inspect(detail, { newline = ' ', indent = '' })) or ''
  io.stdout:write(('[%s] %s%s\n'):format(ok and 'ok' or 'FAIL', name, suffix))
  return ok
end

local function finish()
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop()
  end
  vim.wait(3000, function()
    return #vim.lsp.get_clients() == 0
  end, 20)
  io.stdout:write('NVIM_TIMINGS_JSON: ' .. vim.json.encode(timings) .. '\n')
  io.stdout:write(('nvim: %d passed, %d failed\n'):format(passed, failed))
  io.stdout:flush()
  -- :qall!/:cquit rather than os.exit, so Neovim removes its temporary directory.
  vim.cmd(failed > 0 and 'cquit! 1' or 'qall!')
end

--- newslint's diagnostics of one rule in a buffer, sorted by position.
local function rule_diagnostics(buf, rule)
  local out = vim.tbl_filter(function(d)
    return d.source == 'newslint' and d.code == (rule or RULE)
  end, vim.diagnostic.get(buf))
  table.sort(out, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return out
end

local function positions(diags)
  return vim.tbl_map(function(d)
    return { d.lnum, d.col }
  end, diags)
end

--- Byte columns (0-based) of every occurrence of a plain string on a line.
local function columns_of(line, needle)
  local cols, from = {}, 1
  while true do
    local s = line:find(needle, from, true)
    if not s then
      return cols
    end
    cols[#cols + 1] = s - 1
    from = s + #needle
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then
    return nil
  end
  return sorted[math.max(1, math.ceil(#sorted * p))]
end

local ok_main, err = xpcall(function()
  local config_dir = assert(vim.env.NEOVIM_CONFIG, 'NEOVIM_CONFIG not set')
  local story = assert(vim.env.STORY, 'STORY not set')
  timings.nvim = tostring(vim.version())

  -- As a user would: the config folder on 'runtimepath', then enable the server by name.
  -- (-u NONE turns filetype detection off; a user's config has it on.)
  vim.cmd('filetype on')
  vim.opt.rtp:prepend(config_dir)
  vim.lsp.enable('newslint')
  local resolved = vim.lsp.config.newslint or {}
  check('lsp/newslint.lua found on runtimepath', vim.deep_equal(resolved.cmd, { 'newslint', 'server' }), resolved.cmd)
  check('filetypes are markdown and text', vim.deep_equal(resolved.filetypes, { 'markdown', 'text' }), resolved.filetypes)

  -- Watch what Neovim sends, to prove edits go out as incremental didChange.
  local sent = {}
  vim.api.nvim_create_autocmd('LspAttach', {
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if not client or client.name ~= 'newslint' or client._newslint_spy then
        return
      end
      client._newslint_spy = true
      local notify = client.notify
      client.notify = function(self, method, params)
        if method == 'textDocument/didChange' then
          sent[#sent + 1] = vim.deepcopy(params)
        end
        return notify(self, method, params)
      end
    end,
  })

  -- A project: the story next to a newslint.toml, which marks the root.
  local root = vim.fn.tempname()
  vim.fn.mkdir(root, 'p')
  root = uv.fs_realpath(root)
  vim.fn.writefile({ '# newslint settings for this test project' }, root .. '/newslint.toml')
  local file = root .. '/story.md'
  vim.fn.writefile(vim.fn.readfile(story), file)

  local t_open = now_ms()
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  check('story opens as markdown', vim.bo[buf].filetype == 'markdown', vim.bo[buf].filetype)

  local client
  check('newslint attached', vim.wait(TIMEOUT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'newslint' })[1]
    return client ~= nil and client.initialized
  end, 5))
  if not client then
    return
  end
  check('root is the folder with newslint.toml', client.root_dir == root, client.root_dir)
  timings.server = ((client.server_info or {}).name or '?') .. ' ' .. ((client.server_info or {}).version or '')
  timings.position_encoding = client.offset_encoding
  -- Neovim 0.12 pulls diagnostics (textDocument/diagnostic) when the server offers it.
  timings.diagnostics_model = client.server_capabilities.diagnosticProvider and 'pull' or 'push'

  -- The story's fourth paragraph (line 4) has two straight quotation marks in copy that
  -- otherwise uses curly ones.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local expected = vim.tbl_map(function(col)
    return { 4, col }
  end, columns_of(lines[5], '"'))
  local got_first = vim.wait(TIMEOUT, function()
    return #rule_diagnostics(buf) > 0
  end, 2)
  timings.open_to_diagnostics_ms = got_first and (now_ms() - t_open) or nil
  if not check('diagnostics arrive after open', got_first) then
    -- Everything after this needs the diagnostics: stop rather than time out at each step.
    return
  end
  local first = rule_diagnostics(buf)
  check(RULE .. ' flags both straight quotation marks, at their columns', vim.deep_equal(positions(first), expected),
    { got = positions(first), want = expected })
  check('diagnostics are warnings from newslint, with a message', #first > 0 and vim.iter(first):all(function(d)
    return d.severity == vim.diagnostic.severity.WARN and d.source == 'newslint' and #d.message > 0
  end), first[1] and { severity = first[1].severity, message = first[1].message })
  check('each diagnostic spans the one mark', #first > 0 and vim.iter(first):all(function(d)
    return d.end_lnum == d.lnum and d.end_col == d.col + 1
  end))

  -- Type a new paragraph with a straight apostrophe: diagnostics follow the edit.
  local n_sent = #sent
  local new_line = "The council's next meeting is in June."
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', new_line })
  local new_lnum = vim.api.nvim_buf_line_count(buf) - 1
  local apostrophe = { new_lnum, (new_line:find("'", 1, true)) - 1 }
  local updated = vim.wait(TIMEOUT, function()
    return vim.iter(positions(rule_diagnostics(buf))):any(function(p)
      return vim.deep_equal(p, apostrophe)
    end)
  end, 2)
  check('an edit brings a diagnostic on the new line', updated, { got = positions(rule_diagnostics(buf)), want = apostrophe })
  local change = sent[n_sent + 1]
  check('the edit went out as an incremental didChange', change ~= nil and change.contentChanges[1].range ~= nil,
    change and change.contentChanges[1])

  -- A quick fix at the cursor, the way a user runs one (vim.lsp.buf.code_action).
  vim.api.nvim_win_set_cursor(0, { apostrophe[1] + 1, apostrophe[2] })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.kind == 'quickfix' and action.isPreferred == true
    end,
  })
  local fixed_line = "The council’s next meeting is in June."
  check('the quick fix changes the buffer', vim.wait(TIMEOUT, function()
    return vim.api.nvim_buf_get_lines(buf, new_lnum, new_lnum + 1, false)[1] == fixed_line
  end, 2), vim.api.nvim_buf_get_lines(buf, new_lnum, new_lnum + 1, false)[1])
  check('its diagnostic goes away', vim.wait(TIMEOUT, function()
    return vim.deep_equal(positions(rule_diagnostics(buf)), expected)
  end, 2), positions(rule_diagnostics(buf)))

  -- Keystroke -> updated diagnostics, measured. Each sample types one straight apostrophe at
  -- the end of the story (a new diagnostic must appear there), then deletes it (it must go).
  local adds, removes = {}, {}
  local esc = vim.api.nvim_replace_termcodes('<Esc>', true, false, true)
  for _ = 1, SAMPLES do
    vim.api.nvim_win_set_cursor(0, { new_lnum + 1, 0 })
    local at = { new_lnum, #vim.api.nvim_buf_get_lines(buf, new_lnum, new_lnum + 1, false)[1] }
    local t0 = now_ms()
    vim.api.nvim_feedkeys("A'" .. esc, 'nx', false)
    local appeared = vim.wait(TIMEOUT, function()
      return vim.iter(positions(rule_diagnostics(buf))):any(function(p)
        return vim.deep_equal(p, at)
      end)
    end, 1)
    if not appeared then
      check('a typed apostrophe is flagged', false)
      break
    end
    adds[#adds + 1] = now_ms() - t0
    t0 = now_ms()
    vim.api.nvim_feedkeys('$x', 'nx', false)
    local gone = vim.wait(TIMEOUT, function()
      return vim.deep_equal(positions(rule_diagnostics(buf)), expected)
    end, 1)
    if not gone then
      check('a deleted apostrophe is no longer flagged', false)
      break
    end
    removes[#removes + 1] = now_ms() - t0
  end
  check(('diagnostics followed %d typed and %d deleted keystrokes'):format(#adds, #removes),
    #adds == SAMPLES and #removes == SAMPLES)
  local all = vim.list_extend(vim.list_extend({}, adds), removes)
  table.sort(all)
  timings.keystroke_to_diagnostics_ms = {
    n = #all,
    p50 = percentile(all, 0.5),
    p90 = percentile(all, 0.9),
    max = all[#all],
    client_debounce_ms = (client.flags or {}).debounce_text_changes,
  }

  -- Fix on save: the helper applies source.fixAll.newslint before :write.
  require('newslint').fix_on_save()
  vim.cmd.write()
  local on_disk = table.concat(vim.fn.readfile(file), '\n')
  check('fix on save wrote curly quotation marks', on_disk:find('“The branches are full after six.”', 1, true) ~= nil
    and not on_disk:find('"', 1, true), on_disk:match('[^\n]*branches[^\n]*'))
  check('and the story is clean afterwards', vim.wait(TIMEOUT, function()
    return #rule_diagnostics(buf) == 0
  end, 2), positions(rule_diagnostics(buf)))

  -- "Disable RULE for this line": a new straight apostrophe, then the action that silences it.
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', "The board's answer is due in July." })
  local last = vim.api.nvim_buf_line_count(buf) - 1
  check('a new straight apostrophe is flagged', vim.wait(TIMEOUT, function()
    return vim.iter(rule_diagnostics(buf)):any(function(d)
      return d.lnum == last
    end)
  end, 2))
  vim.api.nvim_win_set_cursor(0, { last + 1, 9 })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title == 'Disable ' .. RULE .. ' for this line'
    end,
  })
  local directive = '<!-- newslint-disable-next-line ' .. RULE .. ' -->'
  check('"Disable ' .. RULE .. ' for this line" inserts the directive above it', vim.wait(TIMEOUT, function()
    return vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1] == directive
  end, 2), vim.api.nvim_buf_get_lines(buf, last, last + 2, false))
  check('and the line is no longer flagged', vim.wait(TIMEOUT, function()
    return #rule_diagnostics(buf) == 0
  end, 2), positions(rule_diagnostics(buf)))

  -- Closing the buffer detaches it.
  vim.cmd('bwipeout!')
  check('closing the story detaches it', vim.wait(TIMEOUT, function()
    return #vim.lsp.get_clients({ bufnr = buf }) == 0
  end, 5))
end, debug.traceback)

if not ok_main then
  check('the test ran to the end', false, err)
end
local k = timings.keystroke_to_diagnostics_ms
if timings.open_to_diagnostics_ms then
  io.stdout:write(('nvim timing: open -> first diagnostics %.0f ms\n'):format(timings.open_to_diagnostics_ms))
end
if k and k.n > 0 then
  io.stdout:write(('nvim timing: keystroke -> updated diagnostics p50 %.1f ms, p90 %.1f ms, max %.1f ms (n=%d, %s diagnostics, client debounce %s ms)\n')
    :format(k.p50, k.p90, k.max, k.n, tostring(timings.diagnostics_model), tostring(k.client_debounce_ms)))
end
finish()
