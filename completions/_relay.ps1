
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
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check Twilio webhook signatures, and say why one fails')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Answer Twilio''s webhooks: signed, de-duplicated, captured on request')
            [CompletionResult]::new('pager', 'pager', [CompletionResultType]::ParameterValue, 'The pager line''s voice messages: list them, show one, retry failed deliveries')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Alerts started by phone: list them, show one, retry a failed delivery')
            [CompletionResult]::new('tickets', 'tickets', [CompletionResultType]::ParameterValue, 'Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending')
            [CompletionResult]::new('ticketer', 'ticketer', [CompletionResultType]::ParameterValue, 'Connect RapidPro/TextIt: conversations handed to relay become tickets')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send SMS/MMS from a creative file: one message, or one per row of a data file')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP, RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails)')
            [CompletionResult]::new('numbers', 'numbers', [CompletionResultType]::ParameterValue, 'The account''s phone numbers: their roles, and whether they point at this relay')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send Twilio''s own webhooks, signed, to a relay and show what it answers (no phone needed)')
            [CompletionResult]::new('optout', 'optout', [CompletionResultType]::ParameterValue, 'Recipients who opted out of campaigns (STOP): list, add, remove, import, export')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send captured Twilio requests to a relay, re-signed for it, and compare the answers')
            [CompletionResult]::new('oncall', 'oncall', [CompletionResultType]::ParameterValue, 'Run the on-call rotation: who is on call, take over, manage the team')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Validate relay.toml, or write a commented example')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'The store''s housekeeping: remove what has outlived [store.retention]')
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
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (default: serve.listen, 127.0.0.1:8080)')
            [CompletionResult]::new('--capture', '--capture', [CompletionResultType]::ParameterName, 'Append every request and response to this file (JSON Lines; docs/capture-format.md)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--insecure-skip-signature', '--insecure-skip-signature', [CompletionResultType]::ParameterName, 'Do not check Twilio signatures (local experiments only; warns on every request)')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;pager' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every message, newest first, with what was delivered')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One message: caller, length, who was on call, each step''s outcome')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try every step not yet done again, now (one message, or all)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;pager;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;pager;show' {
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Write the audio to this file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;pager;retry' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;pager;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every message, newest first, with what was delivered')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One message: caller, length, who was on call, each step''s outcome')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try every step not yet done again, now (one message, or all)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;pager;help;list' {
            break
        }
        'relay;pager;help;show' {
            break
        }
        'relay;pager;help;retry' {
            break
        }
        'relay;pager;help;help' {
            break
        }
        'relay;alerts' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every alert (and paged voicemail), newest first, with where it went and who took it')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One alert: caller, group, transcription, link, each target''s outcome, and the page''s timeline (texted, called, escalated, acknowledged by whom)')
            [CompletionResult]::new('ack', 'ack', [CompletionResultType]::ParameterValue, 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try every step not yet done again, now (the given alerts, or all)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;alerts;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--unacked', '--unacked', [CompletionResultType]::ParameterName, 'Only pages nobody has acknowledged')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;alerts;show' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;alerts;ack' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'The member taking it (default: you, by your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;alerts;retry' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;alerts;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every alert (and paged voicemail), newest first, with where it went and who took it')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One alert: caller, group, transcription, link, each target''s outcome, and the page''s timeline (texted, called, escalated, acknowledged by whom)')
            [CompletionResult]::new('ack', 'ack', [CompletionResultType]::ParameterValue, 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try every step not yet done again, now (the given alerts, or all)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;alerts;help;list' {
            break
        }
        'relay;alerts;help;show' {
            break
        }
        'relay;alerts;help;ack' {
            break
        }
        'relay;alerts;help;retry' {
            break
        }
        'relay;alerts;help;help' {
            break
        }
        'relay;tickets' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Tickets, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One ticket''s whole conversation, media listed, and the replies sent')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'An internal comment, never texted')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a ticket (the requester''s next text opens a new one; a RapidPro conversation is closed there too)')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a resolved ticket')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try everything pending again now (one id from `pending`, or all)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;tickets;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'status')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;show' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;reply' {
            [CompletionResult]::new('--attach', '--attach', [CompletionResultType]::ParameterName, 'A file to send with the reply (RapidPro conversations; repeatable; 10 MiB at most)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;comment' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;resolve' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;reopen' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;pending' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;retry' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is acting, for the ticket''s history (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;tickets;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Tickets, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One ticket''s whole conversation, media listed, and the replies sent')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'An internal comment, never texted')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a ticket (the requester''s next text opens a new one; a RapidPro conversation is closed there too)')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a resolved ticket')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try everything pending again now (one id from `pending`, or all)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;tickets;help;list' {
            break
        }
        'relay;tickets;help;show' {
            break
        }
        'relay;tickets;help;reply' {
            break
        }
        'relay;tickets;help;comment' {
            break
        }
        'relay;tickets;help;resolve' {
            break
        }
        'relay;tickets;help;reopen' {
            break
        }
        'relay;tickets;help;pending' {
            break
        }
        'relay;tickets;help;retry' {
            break
        }
        'relay;tickets;help;help' {
            break
        }
        'relay;ticketer' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write [ticketer] into relay.toml: a UUID, the secret''s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether RapidPro has connected, the open rooms, and what is pending')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;ticketer;init' {
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'relay''s public base URL, for the URL to print (default: serve.public_url)')
            [CompletionResult]::new('--admin-user', '--admin-user', [CompletionResultType]::ParameterName, 'The Admin User ID to enter in RapidPro')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the secret from standard input (the one RapidPro''s form shows) instead of making one')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing [ticketer]''s secret and token (the UUID, and so the URL, stays)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;ticketer;status' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of text')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;ticketer;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write [ticketer] into relay.toml: a UUID, the secret''s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether RapidPro has connected, the open rooms, and what is pending')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;ticketer;help;init' {
            break
        }
        'relay;ticketer;help;status' {
            break
        }
        'relay;ticketer;help;help' {
            break
        }
        'relay;send' {
            [CompletionResult]::new('--campaign', '--campaign', [CompletionResultType]::ParameterName, 'The campaign''s name, for `relay send report --campaign` (default: the creative''s and the data file''s names, e.g. welcome+recipients)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'One message per row: CSV with a header row, or JSON Lines')
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A placeholder value for every message (repeatable); data columns win')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Send with this tenant''s credentials and sender ([tenants.NAME]; default: [twilio] and [send])')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Messages per second at most (default: the tenant''s rate; unset: no limit)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Messages in flight at once')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The journal file (default: DATA.journal.jsonl, or CREATIVE.journal.jsonl)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per message on rate limits (429), server errors and broken connections')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Render and check every message and print them; send nothing')
            [CompletionResult]::new('--retry-failed', '--retry-failed', [CompletionResultType]::ParameterName, 'Try again the messages an earlier run recorded as failed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per message and a summary, instead of a progress bar and a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'What happened to a campaign''s messages: delivered, undelivered (with Twilio''s error codes), the slowest, and the rows that did not get through')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;send;report' {
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The campaign''s journal file')
            [CompletionResult]::new('--campaign', '--campaign', [CompletionResultType]::ParameterName, 'The campaign''s name (as `relay send --campaign` gave it or defaulted it)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second to Twilio with --refresh')
            [CompletionResult]::new('--failed-rows', '--failed-rows', [CompletionResultType]::ParameterName, 'Write the rows that did not get through (failed, undelivered, refused) to FILE, as CSV (or JSON Lines for .jsonl), for `relay send --data FILE`')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The data file the campaign was sent from (default: as recorded for the campaign)')
            [CompletionResult]::new('--slowest', '--slowest', [CompletionResultType]::ParameterName, 'How many of the slowest deliveries to list')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Ask Twilio for the status of each message that has no final one yet')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;send;help' {
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'What happened to a campaign''s messages: delivered, undelivered (with Twilio''s error codes), the slowest, and the rows that did not get through')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;send;help;report' {
            break
        }
        'relay;send;help;help' {
            break
        }
        'relay;doctor' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds each check may take before it counts as failed (checks run side by side)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object: `ok`, `seconds` and every check''s status, detail and fix')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;numbers' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)')
            [CompletionResult]::new('point', 'point', [CompletionResultType]::ParameterValue, 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;numbers;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON array instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;numbers;point' {
            [CompletionResult]::new('--basic-auth-user', '--basic-auth-user', [CompletionResultType]::ParameterName, 'Put this [serve.basic_auth] user''s credentials in the URLs (the password from $RELAY_BASIC_AUTH_PASSWORD, or asked for on a terminal)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every number of the account that has a role')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Change without asking (for scripts; required when not on a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per number changed, with the values before and after')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;numbers;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)')
            [CompletionResult]::new('point', 'point', [CompletionResultType]::ParameterValue, 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;numbers;help;list' {
            break
        }
        'relay;numbers;help;point' {
            break
        }
        'relay;numbers;help;help' {
            break
        }
        'relay;trigger' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The relay to send to (default: serve.public_url, else http://serve.listen)')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)')
            [CompletionResult]::new('--capture', '--capture', [CompletionResultType]::ParameterName, 'Append each request and answer to FILE in the capture format (`relay replay`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'JSON instead of text')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('sms', 'sms', [CompletionResultType]::ParameterValue, 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay''s reply')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'An inbound call, followed through relay''s TwiML; prints what the caller hears')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;trigger;sms' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The number texted: one of relay''s (a [numbers] entry or a roster number)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Who texts (a roster member''s phone for the control line)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The text (empty with only --media)')
            [CompletionResult]::new('--media', '--media', [CompletionResultType]::ParameterName, 'A media URL (repeatable): an MMS')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The relay to send to (default: serve.public_url, else http://serve.listen)')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)')
            [CompletionResult]::new('--capture', '--capture', [CompletionResultType]::ParameterName, 'Append each request and answer to FILE in the capture format (`relay replay`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'JSON instead of text')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;trigger;call' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The number called: one of relay''s (a [numbers] entry or a roster number)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Who calls (the caller ID relay sees)')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Keys pressed at each <Gather>, in order (e.g. 1,2; repeatable)')
            [CompletionResult]::new('--record-seconds', '--record-seconds', [CompletionResultType]::ParameterName, 'Speak this long at a <Record> (without it, the caller hangs up there)')
            [CompletionResult]::new('--transcript', '--transcript', [CompletionResultType]::ParameterName, 'The transcription Twilio sends afterwards (with --record-seconds)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The relay to send to (default: serve.public_url, else http://serve.listen)')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)')
            [CompletionResult]::new('--capture', '--capture', [CompletionResultType]::ParameterName, 'Append each request and answer to FILE in the capture format (`relay replay`)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'JSON instead of text')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;trigger;help' {
            [CompletionResult]::new('sms', 'sms', [CompletionResultType]::ParameterValue, 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay''s reply')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'An inbound call, followed through relay''s TwiML; prints what the caller hears')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;trigger;help;sms' {
            break
        }
        'relay;trigger;help;call' {
            break
        }
        'relay;trigger;help;help' {
            break
        }
        'relay;optout' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The opted-out recipients, by tenant and sender')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Opt recipients out (as if they had texted STOP)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Opt recipients back in (as if they had texted START)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add every number of a CSV file (a header row; number or phone, sender, tenant)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Changes to the list: who, when, how')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;optout;list' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;optout;add' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;optout;remove' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;optout;import' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;optout;export' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;optout;history' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only changes newer than this (e.g. 30m, 12h, 7d)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (the newest)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)')
            [CompletionResult]::new('--sender', '--sender', [CompletionResultType]::ParameterName, 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;optout;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The opted-out recipients, by tenant and sender')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Opt recipients out (as if they had texted STOP)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Opt recipients back in (as if they had texted START)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add every number of a CSV file (a header row; number or phone, sender, tenant)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Changes to the list: who, when, how')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;optout;help;list' {
            break
        }
        'relay;optout;help;add' {
            break
        }
        'relay;optout;help;remove' {
            break
        }
        'relay;optout;help;import' {
            break
        }
        'relay;optout;help;export' {
            break
        }
        'relay;optout;help;history' {
            break
        }
        'relay;optout;help;help' {
            break
        }
        'relay;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The relay to send to: its base URL, e.g. http://127.0.0.1:8080')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The target''s auth token, to sign with (default: TWILIO_AUTH_TOKEN, then relay.toml)')
            [CompletionResult]::new('--shared-key', '--shared-key', [CompletionResultType]::ParameterName, 'Sign with this shared key (HMAC-SHA256) instead of a token')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The base URL the target checks signatures against (its serve.public_url), when requests reach it through another address')
            [CompletionResult]::new('--basic-auth', '--basic-auth', [CompletionResultType]::ParameterName, 'HTTP Basic credentials for a target that asks for them (captures hold none)')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only these request ids (comma-separated or repeated)')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only requests whose URL or body contains this text')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many requests per second (N/s) or minute (N/m)')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'With --diff: mask text matching this regular expression in both answers (repeatable), e.g. times that differ from run to run')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--keep-signature', '--keep-signature', [CompletionResultType]::ParameterName, 'Send the captured signatures untouched (to test verification itself)')
            [CompletionResult]::new('--keep-idempotency', '--keep-idempotency', [CompletionResultType]::ParameterName, 'Send the captured I-Twilio-Idempotency-Token (to test de-duplication) instead of a fresh one')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Compare each answer with the captured one (TwiML as XML, JSON as JSON) and print a unified diff per mismatch')
            [CompletionResult]::new('--skip-bad', '--skip-bad', [CompletionResultType]::ParameterName, 'Skip malformed capture lines (reported with their line numbers) instead of refusing to start')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per request instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('who', 'who', [CompletionResultType]::ParameterValue, 'Who is on call, since when, set by whom')
            [CompletionResult]::new('take', 'take', [CompletionResultType]::ParameterValue, 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'List the team')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the whole roster document (the mail password as (redacted))')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member (never whoever is on call)')
            [CompletionResult]::new('escalation', 'escalation', [CompletionResultType]::ParameterValue, 'Who is paged after the person on call when a page is not acknowledged')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The audit log: every change, who made it and how')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Report inconsistencies (exit 1 when there are any)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a roster (refuses to replace one): --from-phone, or --import')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;oncall;who' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;take' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'Text the new and the previous on-call person (from the roster''s from_phone)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;users' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;show' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the mail password')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'name')
            [CompletionResult]::new('--phone', '--phone', [CompletionResultType]::ParameterName, 'The member''s mobile number; normalised to E.164')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;remove' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;escalation' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The order, and the timeout and rounds it runs with')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the order: member ids, the first paged after the person on call first')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Page nobody but the person on call (rounds still repeat them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;oncall;escalation;show' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;escalation;set' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;escalation;clear' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;escalation;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The order, and the timeout and rounds it runs with')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the order: member ids, the first paged after the person on call first')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Page nobody but the person on call (rounds still repeat them)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;oncall;escalation;help;show' {
            break
        }
        'relay;oncall;escalation;help;set' {
            break
        }
        'relay;oncall;escalation;help;clear' {
            break
        }
        'relay;oncall;escalation;help;help' {
            break
        }
        'relay;oncall;set' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;history' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only changes newer than this (e.g. 30m, 12h, 7d)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (the newest)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;edit' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;check' {
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;init' {
            [CompletionResult]::new('--from-phone', '--from-phone', [CompletionResultType]::ParameterName, 'The number members text (WHO, TAKE, HALP) and relay texts them from. Required unless --import')
            [CompletionResult]::new('--pager-phone', '--pager-phone', [CompletionResultType]::ParameterName, 'The number customers call to leave a message (the pager line). Optional: without it there is no pager line (an alert-only team needs none)')
            [CompletionResult]::new('--session-lifetime', '--session-lifetime', [CompletionResultType]::ParameterName, 'Seconds a TAKE waits for its confirmation')
            [CompletionResult]::new('--import', '--import', [CompletionResultType]::ParameterName, 'Start from an existing oncall-twilio roster file')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Who is making the change, for the audit log (default: your login name)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;oncall;help' {
            [CompletionResult]::new('who', 'who', [CompletionResultType]::ParameterValue, 'Who is on call, since when, set by whom')
            [CompletionResult]::new('take', 'take', [CompletionResultType]::ParameterValue, 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'List the team')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the whole roster document (the mail password as (redacted))')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member (never whoever is on call)')
            [CompletionResult]::new('escalation', 'escalation', [CompletionResultType]::ParameterValue, 'Who is paged after the person on call when a page is not acknowledged')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The audit log: every change, who made it and how')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Report inconsistencies (exit 1 when there are any)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a roster (refuses to replace one): --from-phone, or --import')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;oncall;help;who' {
            break
        }
        'relay;oncall;help;take' {
            break
        }
        'relay;oncall;help;users' {
            break
        }
        'relay;oncall;help;show' {
            break
        }
        'relay;oncall;help;add' {
            break
        }
        'relay;oncall;help;remove' {
            break
        }
        'relay;oncall;help;escalation' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The order, and the timeout and rounds it runs with')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the order: member ids, the first paged after the person on call first')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Page nobody but the person on call (rounds still repeat them)')
            break
        }
        'relay;oncall;help;escalation;show' {
            break
        }
        'relay;oncall;help;escalation;set' {
            break
        }
        'relay;oncall;help;escalation;clear' {
            break
        }
        'relay;oncall;help;set' {
            break
        }
        'relay;oncall;help;history' {
            break
        }
        'relay;oncall;help;edit' {
            break
        }
        'relay;oncall;help;check' {
            break
        }
        'relay;oncall;help;init' {
            break
        }
        'relay;oncall;help;help' {
            break
        }
        'relay;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
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
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;config;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing file')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
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
        'relay;store' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;store;prune' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Count what would go, remove nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object: every kind with its retention, documents examined and removed')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;store;help' {
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;store;help;prune' {
            break
        }
        'relay;store;help;help' {
            break
        }
        'relay;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;generate-assets' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The repository root to write into')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'relay;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check Twilio webhook signatures, and say why one fails')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Answer Twilio''s webhooks: signed, de-duplicated, captured on request')
            [CompletionResult]::new('pager', 'pager', [CompletionResultType]::ParameterValue, 'The pager line''s voice messages: list them, show one, retry failed deliveries')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Alerts started by phone: list them, show one, retry a failed delivery')
            [CompletionResult]::new('tickets', 'tickets', [CompletionResultType]::ParameterValue, 'Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending')
            [CompletionResult]::new('ticketer', 'ticketer', [CompletionResultType]::ParameterValue, 'Connect RapidPro/TextIt: conversations handed to relay become tickets')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send SMS/MMS from a creative file: one message, or one per row of a data file')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP, RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails)')
            [CompletionResult]::new('numbers', 'numbers', [CompletionResultType]::ParameterValue, 'The account''s phone numbers: their roles, and whether they point at this relay')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send Twilio''s own webhooks, signed, to a relay and show what it answers (no phone needed)')
            [CompletionResult]::new('optout', 'optout', [CompletionResultType]::ParameterValue, 'Recipients who opted out of campaigns (STOP): list, add, remove, import, export')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send captured Twilio requests to a relay, re-signed for it, and compare the answers')
            [CompletionResult]::new('oncall', 'oncall', [CompletionResultType]::ParameterValue, 'Run the on-call rotation: who is on call, take over, manage the team')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Validate relay.toml, or write a commented example')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'The store''s housekeeping: remove what has outlived [store.retention]')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for bash, zsh, fish, elvish or powershell')
            [CompletionResult]::new('generate-assets', 'generate-assets', [CompletionResultType]::ParameterValue, 'Write completions/ and docs/man/ from this binary''s own definition (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'relay;help;verify' {
            break
        }
        'relay;help;serve' {
            break
        }
        'relay;help;pager' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every message, newest first, with what was delivered')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One message: caller, length, who was on call, each step''s outcome')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try every step not yet done again, now (one message, or all)')
            break
        }
        'relay;help;pager;list' {
            break
        }
        'relay;help;pager;show' {
            break
        }
        'relay;help;pager;retry' {
            break
        }
        'relay;help;alerts' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every alert (and paged voicemail), newest first, with where it went and who took it')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One alert: caller, group, transcription, link, each target''s outcome, and the page''s timeline (texted, called, escalated, acknowledged by whom)')
            [CompletionResult]::new('ack', 'ack', [CompletionResultType]::ParameterValue, 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try every step not yet done again, now (the given alerts, or all)')
            break
        }
        'relay;help;alerts;list' {
            break
        }
        'relay;help;alerts;show' {
            break
        }
        'relay;help;alerts;ack' {
            break
        }
        'relay;help;alerts;retry' {
            break
        }
        'relay;help;tickets' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Tickets, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One ticket''s whole conversation, media listed, and the replies sent')
            [CompletionResult]::new('reply', 'reply', [CompletionResultType]::ParameterValue, 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)')
            [CompletionResult]::new('comment', 'comment', [CompletionResultType]::ParameterValue, 'An internal comment, never texted')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a ticket (the requester''s next text opens a new one; a RapidPro conversation is closed there too)')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a resolved ticket')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Try everything pending again now (one id from `pending`, or all)')
            break
        }
        'relay;help;tickets;list' {
            break
        }
        'relay;help;tickets;show' {
            break
        }
        'relay;help;tickets;reply' {
            break
        }
        'relay;help;tickets;comment' {
            break
        }
        'relay;help;tickets;resolve' {
            break
        }
        'relay;help;tickets;reopen' {
            break
        }
        'relay;help;tickets;pending' {
            break
        }
        'relay;help;tickets;retry' {
            break
        }
        'relay;help;ticketer' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write [ticketer] into relay.toml: a UUID, the secret''s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether RapidPro has connected, the open rooms, and what is pending')
            break
        }
        'relay;help;ticketer;init' {
            break
        }
        'relay;help;ticketer;status' {
            break
        }
        'relay;help;send' {
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'What happened to a campaign''s messages: delivered, undelivered (with Twilio''s error codes), the slowest, and the rows that did not get through')
            break
        }
        'relay;help;send;report' {
            break
        }
        'relay;help;doctor' {
            break
        }
        'relay;help;numbers' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)')
            [CompletionResult]::new('point', 'point', [CompletionResultType]::ParameterValue, 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal')
            break
        }
        'relay;help;numbers;list' {
            break
        }
        'relay;help;numbers;point' {
            break
        }
        'relay;help;trigger' {
            [CompletionResult]::new('sms', 'sms', [CompletionResultType]::ParameterValue, 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay''s reply')
            [CompletionResult]::new('call', 'call', [CompletionResultType]::ParameterValue, 'An inbound call, followed through relay''s TwiML; prints what the caller hears')
            break
        }
        'relay;help;trigger;sms' {
            break
        }
        'relay;help;trigger;call' {
            break
        }
        'relay;help;optout' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The opted-out recipients, by tenant and sender')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Opt recipients out (as if they had texted STOP)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Opt recipients back in (as if they had texted START)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add every number of a CSV file (a header row; number or phone, sender, tenant)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Changes to the list: who, when, how')
            break
        }
        'relay;help;optout;list' {
            break
        }
        'relay;help;optout;add' {
            break
        }
        'relay;help;optout;remove' {
            break
        }
        'relay;help;optout;import' {
            break
        }
        'relay;help;optout;export' {
            break
        }
        'relay;help;optout;history' {
            break
        }
        'relay;help;replay' {
            break
        }
        'relay;help;oncall' {
            [CompletionResult]::new('who', 'who', [CompletionResultType]::ParameterValue, 'Who is on call, since when, set by whom')
            [CompletionResult]::new('take', 'take', [CompletionResultType]::ParameterValue, 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)')
            [CompletionResult]::new('users', 'users', [CompletionResultType]::ParameterValue, 'List the team')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the whole roster document (the mail password as (redacted))')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member (never whoever is on call)')
            [CompletionResult]::new('escalation', 'escalation', [CompletionResultType]::ParameterValue, 'Who is paged after the person on call when a page is not acknowledged')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'The audit log: every change, who made it and how')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Report inconsistencies (exit 1 when there are any)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a roster (refuses to replace one): --from-phone, or --import')
            break
        }
        'relay;help;oncall;who' {
            break
        }
        'relay;help;oncall;take' {
            break
        }
        'relay;help;oncall;users' {
            break
        }
        'relay;help;oncall;show' {
            break
        }
        'relay;help;oncall;add' {
            break
        }
        'relay;help;oncall;remove' {
            break
        }
        'relay;help;oncall;escalation' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The order, and the timeout and rounds it runs with')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the order: member ids, the first paged after the person on call first')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Page nobody but the person on call (rounds still repeat them)')
            break
        }
        'relay;help;oncall;escalation;show' {
            break
        }
        'relay;help;oncall;escalation;set' {
            break
        }
        'relay;help;oncall;escalation;clear' {
            break
        }
        'relay;help;oncall;set' {
            break
        }
        'relay;help;oncall;history' {
            break
        }
        'relay;help;oncall;edit' {
            break
        }
        'relay;help;oncall;check' {
            break
        }
        'relay;help;oncall;init' {
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
        'relay;help;store' {
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed')
            break
        }
        'relay;help;store;prune' {
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
