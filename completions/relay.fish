# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_relay_global_optspecs
    string join \n config= wide h/help V/version
end

function __fish_relay_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_relay_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_relay_using_subcommand
    set -l cmd (__fish_relay_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c relay -n "__fish_relay_needs_command" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_needs_command" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_needs_command" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_needs_command" -f -a "verify" -d 'Check Twilio webhook signatures, and say why one fails'
complete -c relay -n "__fish_relay_needs_command" -f -a "serve" -d 'Answer Twilio\'s webhooks: signed, de-duplicated, captured on request'
complete -c relay -n "__fish_relay_needs_command" -f -a "pager" -d 'The pager line\'s voice messages: list them, show one, retry failed deliveries'
complete -c relay -n "__fish_relay_needs_command" -f -a "alerts" -d 'Alerts started by phone: list them, show one, retry a failed delivery'
complete -c relay -n "__fish_relay_needs_command" -f -a "tickets" -d 'Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending'
complete -c relay -n "__fish_relay_needs_command" -f -a "ticketer" -d 'Connect RapidPro/TextIt: conversations handed to relay become tickets'
complete -c relay -n "__fish_relay_needs_command" -f -a "send" -d 'Send SMS/MMS from a creative file: one message, or one per row of a data file'
complete -c relay -n "__fish_relay_needs_command" -f -a "doctor" -d 'Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP, RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails)'
complete -c relay -n "__fish_relay_needs_command" -f -a "numbers" -d 'The account\'s phone numbers: their roles, and whether they point at this relay'
complete -c relay -n "__fish_relay_needs_command" -f -a "trigger" -d 'Send Twilio\'s own webhooks, signed, to a relay and show what it answers (no phone needed)'
complete -c relay -n "__fish_relay_needs_command" -f -a "optout" -d 'Recipients who opted out of campaigns (STOP): list, add, remove, import, export'
complete -c relay -n "__fish_relay_needs_command" -f -a "replay" -d 'Send captured Twilio requests to a relay, re-signed for it, and compare the answers'
complete -c relay -n "__fish_relay_needs_command" -f -a "oncall" -d 'Run the on-call rotation: who is on call, take over, manage the team'
complete -c relay -n "__fish_relay_needs_command" -f -a "config" -d 'Validate relay.toml, or write a commented example'
complete -c relay -n "__fish_relay_needs_command" -f -a "store" -d 'The store\'s housekeeping: remove what has outlived [store.retention]'
complete -c relay -n "__fish_relay_needs_command" -f -a "completions" -d 'Print shell completions for bash, zsh, fish, elvish or powershell'
complete -c relay -n "__fish_relay_needs_command" -f -a "generate-assets" -d 'Write completions/ and docs/man/ from this binary\'s own definition (for maintainers)'
complete -c relay -n "__fish_relay_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand verify" -l url -d 'The full URL Twilio requested, exactly as it requested it' -r
complete -c relay -n "__fish_relay_using_subcommand verify" -l signature -d 'The X-Twilio-Signature header\'s value' -r
complete -c relay -n "__fish_relay_using_subcommand verify" -l param -d 'A POST parameter, decoded (repeatable, in any order)' -r
complete -c relay -n "__fish_relay_using_subcommand verify" -l body-file -d 'The raw request body: form-encoded parameters, or the JSON body when the URL carries bodySHA256' -r -F
complete -c relay -n "__fish_relay_using_subcommand verify" -l settings-header -d 'The X-Twilio-Webhooks-Signature-Settings header, for shared-key signatures' -r
complete -c relay -n "__fish_relay_using_subcommand verify" -l capture -d 'Check every request in a capture file (JSON Lines; see docs/capture-format.md)' -r -F
complete -c relay -n "__fish_relay_using_subcommand verify" -l auth-token -d 'An auth token to check with (repeatable). Default: TWILIO_AUTH_TOKEN, then relay.toml' -r
complete -c relay -n "__fish_relay_using_subcommand verify" -l shared-key -d 'A shared key to check with (repeatable). Default: [twilio.shared_keys] in relay.toml' -r
complete -c relay -n "__fish_relay_using_subcommand verify" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand verify" -l json -d 'Print one JSON object per request instead of a table'
complete -c relay -n "__fish_relay_using_subcommand verify" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand verify" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand serve" -l listen -d 'Address to listen on (default: serve.listen, 127.0.0.1:8080)' -r
complete -c relay -n "__fish_relay_using_subcommand serve" -l capture -d 'Append every request and response to this file (JSON Lines; docs/capture-format.md)' -r -F
complete -c relay -n "__fish_relay_using_subcommand serve" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand serve" -l insecure-skip-signature -d 'Do not check Twilio signatures (local experiments only; warns on every request)'
complete -c relay -n "__fish_relay_using_subcommand serve" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand serve" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -f -a "list" -d 'Every message, newest first, with what was delivered'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -f -a "show" -d 'One message: caller, length, who was on call, each step\'s outcome'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -f -a "retry" -d 'Try every step not yet done again, now (one message, or all)'
complete -c relay -n "__fish_relay_using_subcommand pager; and not __fish_seen_subcommand_from list show retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from list" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from list" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from show" -l save -d 'Write the audio to this file' -r -F
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from show" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from show" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from retry" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from retry" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from retry" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every message, newest first, with what was delivered'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from help" -f -a "show" -d 'One message: caller, length, who was on call, each step\'s outcome'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Try every step not yet done again, now (one message, or all)'
complete -c relay -n "__fish_relay_using_subcommand pager; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -f -a "list" -d 'Every alert (and paged voicemail), newest first, with where it went and who took it'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -f -a "show" -d 'One alert: caller, group, transcription, link, each target\'s outcome, and the page\'s timeline (texted, called, escalated, acknowledged by whom)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -f -a "ack" -d 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -f -a "retry" -d 'Try every step not yet done again, now (the given alerts, or all)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and not __fish_seen_subcommand_from list show ack retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from list" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from list" -l unacked -d 'Only pages nobody has acknowledged'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from list" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from show" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from show" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from ack" -l by -d 'The member taking it (default: you, by your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from ack" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from ack" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from ack" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from ack" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from retry" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every alert (and paged voicemail), newest first, with where it went and who took it'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "show" -d 'One alert: caller, group, transcription, link, each target\'s outcome, and the page\'s timeline (texted, called, escalated, acknowledged by whom)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "ack" -d 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Try every step not yet done again, now (the given alerts, or all)'
complete -c relay -n "__fish_relay_using_subcommand alerts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "list" -d 'Tickets, newest first'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "show" -d 'One ticket\'s whole conversation, media listed, and the replies sent'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "reply" -d 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "comment" -d 'An internal comment, never texted'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "resolve" -d 'Resolve a ticket (the requester\'s next text opens a new one; a RapidPro conversation is closed there too)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "reopen" -d 'Reopen a resolved ticket'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "pending" -d 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "retry" -d 'Try everything pending again now (one id from `pending`, or all)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and not __fish_seen_subcommand_from list show reply comment resolve reopen pending retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -l status -r -f -a "open\t''
resolved\t''
all\t''"
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from show" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from show" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from show" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -l attach -d 'A file to send with the reply (RapidPro conversations; repeatable; 10 MiB at most)' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reply" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from comment" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from comment" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from resolve" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from resolve" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from resolve" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from resolve" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from reopen" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from pending" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from pending" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from pending" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from pending" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from pending" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from pending" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from retry" -l as -d 'Who is acting, for the ticket\'s history (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from retry" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from retry" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from retry" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "list" -d 'Tickets, newest first'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "show" -d 'One ticket\'s whole conversation, media listed, and the replies sent'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "reply" -d 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "comment" -d 'An internal comment, never texted'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Resolve a ticket (the requester\'s next text opens a new one; a RapidPro conversation is closed there too)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "reopen" -d 'Reopen a resolved ticket'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "pending" -d 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Try everything pending again now (one id from `pending`, or all)'
complete -c relay -n "__fish_relay_using_subcommand tickets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -l json -d 'Print JSON instead of text'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -f -a "init" -d 'Write [ticketer] into relay.toml: a UUID, the secret\'s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -f -a "status" -d 'Whether RapidPro has connected, the open rooms, and what is pending'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and not __fish_seen_subcommand_from init status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l public-url -d 'relay\'s public base URL, for the URL to print (default: serve.public_url)' -r
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l admin-user -d 'The Admin User ID to enter in RapidPro' -r
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l secret-stdin -d 'Read the secret from standard input (the one RapidPro\'s form shows) instead of making one'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l force -d 'Replace an existing [ticketer]\'s secret and token (the UUID, and so the URL, stays)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l json -d 'Print JSON instead of text'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from status" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from status" -l json -d 'Print JSON instead of text'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from status" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write [ticketer] into relay.toml: a UUID, the secret\'s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from help" -f -a "status" -d 'Whether RapidPro has connected, the open rooms, and what is pending'
complete -c relay -n "__fish_relay_using_subcommand ticketer; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l campaign -d 'The campaign\'s name, for `relay send report --campaign` (default: the creative\'s and the data file\'s names, e.g. welcome+recipients)' -r
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l data -d 'One message per row: CSV with a header row, or JSON Lines' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l var -d 'A placeholder value for every message (repeatable); data columns win' -r
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l tenant -d 'Send with this tenant\'s credentials and sender ([tenants.NAME]; default: [twilio] and [send])' -r
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l rate -d 'Messages per second at most (default: the tenant\'s rate; unset: no limit)' -r
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l concurrency -d 'Messages in flight at once' -r
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l journal -d 'The journal file (default: DATA.journal.jsonl, or CREATIVE.journal.jsonl)' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l max-attempts -d 'Attempts per message on rate limits (429), server errors and broken connections' -r
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l dry-run -d 'Render and check every message and print them; send nothing'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l retry-failed -d 'Try again the messages an earlier run recorded as failed'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l json -d 'One JSON object per message and a summary, instead of a progress bar and a table'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -a "report" -d 'What happened to a campaign\'s messages: delivered, undelivered (with Twilio\'s error codes), the slowest, and the rows that did not get through'
complete -c relay -n "__fish_relay_using_subcommand send; and not __fish_seen_subcommand_from report help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l journal -d 'The campaign\'s journal file' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l campaign -d 'The campaign\'s name (as `relay send --campaign` gave it or defaulted it)' -r
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l rate -d 'Requests per second to Twilio with --refresh' -r
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l failed-rows -d 'Write the rows that did not get through (failed, undelivered, refused) to FILE, as CSV (or JSON Lines for .jsonl), for `relay send --data FILE`' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l data -d 'The data file the campaign was sent from (default: as recorded for the campaign)' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l slowest -d 'How many of the slowest deliveries to list' -r
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l refresh -d 'Ask Twilio for the status of each message that has no final one yet'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l json -d 'One JSON object instead of tables'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from help" -f -a "report" -d 'What happened to a campaign\'s messages: delivered, undelivered (with Twilio\'s error codes), the slowest, and the rows that did not get through'
complete -c relay -n "__fish_relay_using_subcommand send; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand doctor" -l timeout -d 'Seconds each check may take before it counts as failed (checks run side by side)' -r
complete -c relay -n "__fish_relay_using_subcommand doctor" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand doctor" -l json -d 'One JSON object: `ok`, `seconds` and every check\'s status, detail and fix'
complete -c relay -n "__fish_relay_using_subcommand doctor" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -f -a "list" -d 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -f -a "point" -d 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal'
complete -c relay -n "__fish_relay_using_subcommand numbers; and not __fish_seen_subcommand_from list point help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from list" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from list" -l json -d 'One JSON array instead of a table'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from list" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -l basic-auth-user -d 'Put this [serve.basic_auth] user\'s credentials in the URLs (the password from $RELAY_BASIC_AUTH_PASSWORD, or asked for on a terminal)' -r
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -l all -d 'Every number of the account that has a role'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -l yes -d 'Change without asking (for scripts; required when not on a terminal)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -l json -d 'One JSON object per number changed, with the values before and after'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from point" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from help" -f -a "point" -d 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal'
complete -c relay -n "__fish_relay_using_subcommand numbers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -l url -d 'The relay to send to (default: serve.public_url, else http://serve.listen)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -l public-url -d 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -l capture -d 'Append each request and answer to FILE in the capture format (`relay replay`)' -r -F
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -l json -d 'JSON instead of text'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -f -a "sms" -d 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay\'s reply'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -f -a "call" -d 'An inbound call, followed through relay\'s TwiML; prints what the caller hears'
complete -c relay -n "__fish_relay_using_subcommand trigger; and not __fish_seen_subcommand_from sms call help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l to -d 'The number texted: one of relay\'s (a [numbers] entry or a roster number)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l from -d 'Who texts (a roster member\'s phone for the control line)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l body -d 'The text (empty with only --media)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l media -d 'A media URL (repeatable): an MMS' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l url -d 'The relay to send to (default: serve.public_url, else http://serve.listen)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l public-url -d 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l capture -d 'Append each request and answer to FILE in the capture format (`relay replay`)' -r -F
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l json -d 'JSON instead of text'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from sms" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l to -d 'The number called: one of relay\'s (a [numbers] entry or a roster number)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l from -d 'Who calls (the caller ID relay sees)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l digits -d 'Keys pressed at each <Gather>, in order (e.g. 1,2; repeatable)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l record-seconds -d 'Speak this long at a <Record> (without it, the caller hangs up there)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l transcript -d 'The transcription Twilio sends afterwards (with --record-seconds)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l url -d 'The relay to send to (default: serve.public_url, else http://serve.listen)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l public-url -d 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)' -r
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l capture -d 'Append each request and answer to FILE in the capture format (`relay replay`)' -r -F
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l json -d 'JSON instead of text'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from call" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "sms" -d 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay\'s reply'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "call" -d 'An inbound call, followed through relay\'s TwiML; prints what the caller hears'
complete -c relay -n "__fish_relay_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "list" -d 'The opted-out recipients, by tenant and sender'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "add" -d 'Opt recipients out (as if they had texted STOP)'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "remove" -d 'Opt recipients back in (as if they had texted START)'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "import" -d 'Add every number of a CSV file (a header row; number or phone, sender, tenant)'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "export" -d 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "history" -d 'Changes to the list: who, when, how'
complete -c relay -n "__fish_relay_using_subcommand optout; and not __fish_seen_subcommand_from list add remove import export history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l since -d 'Only changes newer than this (e.g. 30m, 12h, 7d)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l limit -d 'At most this many (the newest)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l tenant -d 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l sender -d 'The sender: a number or Messaging Service SID (default for add and import: the tenant\'s from or messaging_service_sid; for list, export and remove: every sender)' -r
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "list" -d 'The opted-out recipients, by tenant and sender'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "add" -d 'Opt recipients out (as if they had texted STOP)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Opt recipients back in (as if they had texted START)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add every number of a CSV file (a header row; number or phone, sender, tenant)'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "export" -d 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "history" -d 'Changes to the list: who, when, how'
complete -c relay -n "__fish_relay_using_subcommand optout; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand replay" -l to -d 'The relay to send to: its base URL, e.g. http://127.0.0.1:8080' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l token -d 'The target\'s auth token, to sign with (default: TWILIO_AUTH_TOKEN, then relay.toml)' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l shared-key -d 'Sign with this shared key (HMAC-SHA256) instead of a token' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l public-url -d 'The base URL the target checks signatures against (its serve.public_url), when requests reach it through another address' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l basic-auth -d 'HTTP Basic credentials for a target that asks for them (captures hold none)' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l only -d 'Only these request ids (comma-separated or repeated)' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l grep -d 'Only requests whose URL or body contains this text' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l rate -d 'At most this many requests per second (N/s) or minute (N/m)' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l ignore -d 'With --diff: mask text matching this regular expression in both answers (repeatable), e.g. times that differ from run to run' -r
complete -c relay -n "__fish_relay_using_subcommand replay" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand replay" -l keep-signature -d 'Send the captured signatures untouched (to test verification itself)'
complete -c relay -n "__fish_relay_using_subcommand replay" -l keep-idempotency -d 'Send the captured I-Twilio-Idempotency-Token (to test de-duplication) instead of a fresh one'
complete -c relay -n "__fish_relay_using_subcommand replay" -l diff -d 'Compare each answer with the captured one (TwiML as XML, JSON as JSON) and print a unified diff per mismatch'
complete -c relay -n "__fish_relay_using_subcommand replay" -l skip-bad -d 'Skip malformed capture lines (reported with their line numbers) instead of refusing to start'
complete -c relay -n "__fish_relay_using_subcommand replay" -l json -d 'One JSON object per request instead of a table'
complete -c relay -n "__fish_relay_using_subcommand replay" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand replay" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "who" -d 'Who is on call, since when, set by whom'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "take" -d 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "users" -d 'List the team'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "show" -d 'Print the whole roster document (the mail password as (redacted))'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "add" -d 'Add a member'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "remove" -d 'Remove a member (never whoever is on call)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "escalation" -d 'Who is paged after the person on call when a page is not acknowledged'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "set" -d 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "history" -d 'The audit log: every change, who made it and how'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "edit" -d 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "check" -d 'Report inconsistencies (exit 1 when there are any)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "init" -d 'Create a roster (refuses to replace one): --from-phone, or --import'
complete -c relay -n "__fish_relay_using_subcommand oncall; and not __fish_seen_subcommand_from who take users show add remove escalation set history edit check init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from who" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from who" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from who" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from who" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from who" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from who" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -s y -l yes -d 'Do not ask for confirmation'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -l notify -d 'Text the new and the previous on-call person (from the roster\'s from_phone)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from take" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from users" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from users" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from users" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from users" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from users" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from users" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -l show-secrets -d 'Show the mail password'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -l name -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -l phone -d 'The member\'s mobile number; normalised to E.164' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from remove" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from remove" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from remove" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from remove" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -f -a "show" -d 'The order, and the timeout and rounds it runs with'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -f -a "set" -d 'Set the order: member ids, the first paged after the person on call first'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -f -a "clear" -d 'Page nobody but the person on call (rounds still repeat them)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from escalation" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from set" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from set" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from set" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from set" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -l since -d 'Only changes newer than this (e.g. 30m, 12h, 7d)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -l limit -d 'At most this many (the newest)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from edit" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from edit" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from edit" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from edit" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from check" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from check" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from check" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from check" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l from-phone -d 'The number members text (WHO, TAKE, HALP) and relay texts them from. Required unless --import' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l pager-phone -d 'The number customers call to leave a message (the pager line). Optional: without it there is no pager line (an alert-only team needs none)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l session-lifetime -d 'Seconds a TAKE waits for its confirmation' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l import -d 'Start from an existing oncall-twilio roster file' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l as -d 'Who is making the change, for the audit log (default: your login name)' -r
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l json -d 'Print JSON instead of tables'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "who" -d 'Who is on call, since when, set by whom'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "take" -d 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "users" -d 'List the team'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the whole roster document (the mail password as (redacted))'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a member'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a member (never whoever is on call)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "escalation" -d 'Who is paged after the person on call when a page is not acknowledged'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "history" -d 'The audit log: every change, who made it and how'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "check" -d 'Report inconsistencies (exit 1 when there are any)'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create a roster (refuses to replace one): --from-phone, or --import'
complete -c relay -n "__fish_relay_using_subcommand oncall; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "check" -d 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "init" -d 'Write a commented example configuration'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -l json -d 'Print JSON instead of TOML'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Overwrite an existing file'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented example configuration'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand store; and not __fish_seen_subcommand_from prune help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand store; and not __fish_seen_subcommand_from prune help" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand store; and not __fish_seen_subcommand_from prune help" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand store; and not __fish_seen_subcommand_from prune help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand store; and not __fish_seen_subcommand_from prune help" -f -a "prune" -d 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed'
complete -c relay -n "__fish_relay_using_subcommand store; and not __fish_seen_subcommand_from prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from prune" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from prune" -l dry-run -d 'Count what would go, remove nothing'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from prune" -l json -d 'One JSON object: every kind with its retention, documents examined and removed'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from prune" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed'
complete -c relay -n "__fish_relay_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand completions" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand completions" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand completions" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -l dir -d 'The repository root to write into' -r -F
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -l wide -d 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "verify" -d 'Check Twilio webhook signatures, and say why one fails'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "serve" -d 'Answer Twilio\'s webhooks: signed, de-duplicated, captured on request'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "pager" -d 'The pager line\'s voice messages: list them, show one, retry failed deliveries'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "alerts" -d 'Alerts started by phone: list them, show one, retry a failed delivery'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "tickets" -d 'Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "ticketer" -d 'Connect RapidPro/TextIt: conversations handed to relay become tickets'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "send" -d 'Send SMS/MMS from a creative file: one message, or one per row of a data file'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "doctor" -d 'Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP, RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails)'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "numbers" -d 'The account\'s phone numbers: their roles, and whether they point at this relay'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "trigger" -d 'Send Twilio\'s own webhooks, signed, to a relay and show what it answers (no phone needed)'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "optout" -d 'Recipients who opted out of campaigns (STOP): list, add, remove, import, export'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "replay" -d 'Send captured Twilio requests to a relay, re-signed for it, and compare the answers'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "oncall" -d 'Run the on-call rotation: who is on call, take over, manage the team'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "config" -d 'Validate relay.toml, or write a commented example'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "store" -d 'The store\'s housekeeping: remove what has outlived [store.retention]'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "completions" -d 'Print shell completions for bash, zsh, fish, elvish or powershell'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "generate-assets" -d 'Write completions/ and docs/man/ from this binary\'s own definition (for maintainers)'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify serve pager alerts tickets ticketer send doctor numbers trigger optout replay oncall config store completions generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from pager" -f -a "list" -d 'Every message, newest first, with what was delivered'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from pager" -f -a "show" -d 'One message: caller, length, who was on call, each step\'s outcome'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from pager" -f -a "retry" -d 'Try every step not yet done again, now (one message, or all)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "list" -d 'Every alert (and paged voicemail), newest first, with where it went and who took it'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "show" -d 'One alert: caller, group, transcription, link, each target\'s outcome, and the page\'s timeline (texted, called, escalated, acknowledged by whom)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "ack" -d 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from alerts" -f -a "retry" -d 'Try every step not yet done again, now (the given alerts, or all)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "list" -d 'Tickets, newest first'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "show" -d 'One ticket\'s whole conversation, media listed, and the replies sent'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "reply" -d 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "comment" -d 'An internal comment, never texted'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "resolve" -d 'Resolve a ticket (the requester\'s next text opens a new one; a RapidPro conversation is closed there too)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "reopen" -d 'Reopen a resolved ticket'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "pending" -d 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from tickets" -f -a "retry" -d 'Try everything pending again now (one id from `pending`, or all)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from ticketer" -f -a "init" -d 'Write [ticketer] into relay.toml: a UUID, the secret\'s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from ticketer" -f -a "status" -d 'Whether RapidPro has connected, the open rooms, and what is pending'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from send" -f -a "report" -d 'What happened to a campaign\'s messages: delivered, undelivered (with Twilio\'s error codes), the slowest, and the rows that did not get through'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from numbers" -f -a "list" -d 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from numbers" -f -a "point" -d 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from trigger" -f -a "sms" -d 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay\'s reply'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from trigger" -f -a "call" -d 'An inbound call, followed through relay\'s TwiML; prints what the caller hears'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from optout" -f -a "list" -d 'The opted-out recipients, by tenant and sender'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from optout" -f -a "add" -d 'Opt recipients out (as if they had texted STOP)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from optout" -f -a "remove" -d 'Opt recipients back in (as if they had texted START)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from optout" -f -a "import" -d 'Add every number of a CSV file (a header row; number or phone, sender, tenant)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from optout" -f -a "export" -d 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from optout" -f -a "history" -d 'Changes to the list: who, when, how'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "who" -d 'Who is on call, since when, set by whom'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "take" -d 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "users" -d 'List the team'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "show" -d 'Print the whole roster document (the mail password as (redacted))'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "add" -d 'Add a member'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "remove" -d 'Remove a member (never whoever is on call)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "escalation" -d 'Who is paged after the person on call when a page is not acknowledged'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "set" -d 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "history" -d 'The audit log: every change, who made it and how'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "edit" -d 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "check" -d 'Report inconsistencies (exit 1 when there are any)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from oncall" -f -a "init" -d 'Create a roster (refuses to replace one): --from-phone, or --import'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented example configuration'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "prune" -d 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed'
