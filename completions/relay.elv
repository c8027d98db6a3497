
use builtin;
use str;

set edit:completion:arg-completer[relay] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'relay'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'relay'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check Twilio webhook signatures, and say why one fails'
            cand config 'Validate relay.toml, or write a commented example'
            cand completions 'Print shell completions for bash, zsh, fish, elvish or powershell'
            cand generate-assets 'Write completions/ and docs/man/ from this binary''s own definition (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;verify'= {
            cand --url 'The full URL Twilio requested, exactly as it requested it'
            cand --signature 'The X-Twilio-Signature header''s value'
            cand --param 'A POST parameter, decoded (repeatable, in any order)'
            cand --body-file 'The raw request body: form-encoded parameters, or the JSON body when the URL carries bodySHA256'
            cand --settings-header 'The X-Twilio-Webhooks-Signature-Settings header, for shared-key signatures'
            cand --capture 'Check every request in a capture file (JSON Lines; see docs/capture-format.md)'
            cand --auth-token 'An auth token to check with (repeatable). Default: TWILIO_AUTH_TOKEN, then relay.toml'
            cand --shared-key 'A shared key to check with (repeatable). Default: [twilio.shared_keys] in relay.toml'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print one JSON object per request instead of a table'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;config'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
            cand init 'Write a commented example configuration'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;config;check'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of TOML'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;config;init'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --force 'Overwrite an existing file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;config;help'= {
            cand check 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
            cand init 'Write a commented example configuration'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;config;help;check'= {
        }
        &'relay;config;help;init'= {
        }
        &'relay;config;help;help'= {
        }
        &'relay;completions'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;generate-assets'= {
            cand --dir 'The repository root to write into'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;help'= {
            cand verify 'Check Twilio webhook signatures, and say why one fails'
            cand config 'Validate relay.toml, or write a commented example'
            cand completions 'Print shell completions for bash, zsh, fish, elvish or powershell'
            cand generate-assets 'Write completions/ and docs/man/ from this binary''s own definition (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;help;verify'= {
        }
        &'relay;help;config'= {
            cand check 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
            cand init 'Write a commented example configuration'
        }
        &'relay;help;config;check'= {
        }
        &'relay;help;config;init'= {
        }
        &'relay;help;completions'= {
        }
        &'relay;help;generate-assets'= {
        }
        &'relay;help;help'= {
        }
    ]
    $completions[$command]
}
