-- newslint for Neovim 0.11+: checks news copy (unsourced claims, inconsistent naming, leftover
-- page chrome) in Markdown and plain-text buffers.
--
-- Put this file on 'runtimepath' (for example as ~/.config/nvim/lsp/newslint.lua) and call
--   vim.lsp.enable('newslint')
-- Override any field with vim.lsp.config('newslint', { ... }); see editors/neovim/README.md.

---@type vim.lsp.Config
return {
  cmd = { 'newslint', 'server' },
  filetypes = { 'markdown', 'text' },
  -- The nearest newslint.toml decides the project; failing that, the repository.
  root_markers = { 'newslint.toml', '.git' },
  -- What the server reads as editor settings (the same keys as VS Code's newslint.*):
  --   rules      per rule or family: { ['mixed-quote-style'] = { severity = 'info' } }
  --   debounceMs how long the server waits after a keystroke before checking again
  settings = {
    newslint = {
      rules = vim.empty_dict(),
    },
  },
  -- Send the same settings at start-up, so the first diagnostics already use them.
  before_init = function(params, config)
    params.initializationOptions = (config.settings or {}).newslint
  end,
  -- The server waits for typing to pause and checks only what changed, so Neovim need not
  -- hold changes back as well (its default is 150 ms).
  flags = { debounce_text_changes = 0 },
}
