
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'relay' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'relay'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'relay' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check Twilio webhook signatures, and say why one fails')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Validate relay.toml, or write a commented example')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for bash, zsh, fish, elvish or powershell')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write completions/ and docs/man/ from this binary''s own definition (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;verify' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The full URL Twilio requested, exactly as it requested it')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The X-Twilio-Signature header''s value')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'A POST parameter, decoded (repeatable, in any order)')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'The raw request body: form-encoded parameters, or the JSON body when the URL carries bodySHA256')
            [CompletionResult]::new('--settings-header', '--settings-header', [CompletionResultType]::ParameterName, 'The X-Twilio-Webhooks-Signature-Settings header, for shared-key signatures')
            [CompletionResult]::new('--capture', '--capture', [CompletionResultType]::ParameterName, 'Check every request in a capture file (JSON Lines; see docs/capture-format.md)')
            [CompletionResult]::new('--auth-token', '--auth-token', [CompletionResultType]::ParameterName, 'An auth token to check with (repeatable). Default: TWILIO_AUTH_TOKEN, then relay.toml')
            [CompletionResult]::new('--shared-key', '--shared-key', [CompletionResultType]::ParameterName, 'A shared key to check with (repeatable). Default: [twilio.shared_keys] in relay.toml')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per request instead of a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the configuration and print it as relay sees it, secrets as (redacted)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented example configuration')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;config;check' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of TOML')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;config;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;config;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the configuration and print it as relay sees it, secrets as (redacted)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented example configuration')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;config;help;check' {
            break
        }
        'relay;config;help;init' {
            break
        }
        'relay;config;help;help' {
            break
        }
        'relay;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;generate-assets' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The repository root to write into')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check Twilio webhook signatures, and say why one fails')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Validate relay.toml, or write a commented example')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for bash, zsh, fish, elvish or powershell')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write completions/ and docs/man/ from this binary''s own definition (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;help;verify' {
            break
        }
        'relay;help;config' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the configuration and print it as relay sees it, secrets as (redacted)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented example configuration')
            break
        }
        'relay;help;config;check' {
            break
        }
        'relay;help;config;init' {
            break
        }
        'relay;help;completions' {
            break
        }
        'relay;help;generate-assets' {
            break
        }
        'relay;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
