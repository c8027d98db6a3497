# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_relay_global_optspecs
    string join \n config= h/help V/version
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
complete -c relay -n "__fish_relay_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_needs_command" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_needs_command" -f -a "verify" -d 'Check Twilio webhook signatures, and say why one fails'
complete -c relay -n "__fish_relay_needs_command" -f -a "config" -d 'Validate relay.toml, or write a commented example'
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
complete -c relay -n "__fish_relay_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand verify" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "check" -d 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "init" -d 'Write a commented example configuration'
complete -c relay -n "__fish_relay_using_subcommand config; and not __fish_seen_subcommand_from check init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -l json -d 'Print JSON instead of TOML'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Overwrite an existing file'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented example configuration'
complete -c relay -n "__fish_relay_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand completions" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c relay -n "__fish_relay_using_subcommand completions" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -l dir -d 'The repository root to write into' -r -F
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -l config -d 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml' -r -F
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -s h -l help -d 'Print help'
complete -c relay -n "__fish_relay_using_subcommand generate-assets" -s V -l version -d 'Print version'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify config completions generate-assets help" -f -a "verify" -d 'Check Twilio webhook signatures, and say why one fails'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify config completions generate-assets help" -f -a "config" -d 'Validate relay.toml, or write a commented example'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify config completions generate-assets help" -f -a "completions" -d 'Print shell completions for bash, zsh, fish, elvish or powershell'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify config completions generate-assets help" -f -a "generate-assets" -d 'Write completions/ and docs/man/ from this binary\'s own definition (for maintainers)'
complete -c relay -n "__fish_relay_using_subcommand help; and not __fish_seen_subcommand_from verify config completions generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
complete -c relay -n "__fish_relay_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented example configuration'
