-- newslint for users of nvim-lspconfig's setup() API (Neovim 0.10, or an older config).
-- On Neovim 0.11+ prefer lsp/newslint.lua with vim.lsp.enable('newslint'); see README.md.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.newslint then
  configs.newslint = {
    default_config = {
      cmd = { 'newslint', 'server' },
      filetypes = { 'markdown', 'text' },
      root_dir = util.root_pattern('newslint.toml', '.git'),
      single_file_support = true,
      settings = { newslint = { rules = vim.empty_dict() } },
      before_init = function(params, config)
        params.initializationOptions = (config.settings or {}).newslint
      end,
      flags = { debounce_text_changes = 0 },
    },
    docs = {
      description = 'newslint: unsourced claims, inconsistent naming and leftover page chrome in news copy.',
    },
  }
end

require('lspconfig').newslint.setup({})
