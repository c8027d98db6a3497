
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
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check Twilio webhook signatures, and say why one fails'
            cand serve 'Answer Twilio''s webhooks: signed, de-duplicated, captured on request'
            cand pager 'The pager line''s voice messages: list them, show one, retry failed deliveries'
            cand alerts 'Alerts started by phone: list them, show one, retry a failed delivery'
            cand tickets 'Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending'
            cand ticketer 'Connect RapidPro/TextIt: conversations handed to relay become tickets'
            cand send 'Send SMS/MMS from a creative file: one message, or one per row of a data file'
            cand doctor 'Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP, RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails)'
            cand numbers 'The account''s phone numbers: their roles, and whether they point at this relay'
            cand trigger 'Send Twilio''s own webhooks, signed, to a relay and show what it answers (no phone needed)'
            cand optout 'Recipients who opted out of campaigns (STOP): list, add, remove, import, export'
            cand replay 'Send captured Twilio requests to a relay, re-signed for it, and compare the answers'
            cand oncall 'Run the on-call rotation: who is on call, take over, manage the team'
            cand config 'Validate relay.toml, or write a commented example'
            cand store 'The store''s housekeeping: remove what has outlived [store.retention]'
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
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;serve'= {
            cand --listen 'Address to listen on (default: serve.listen, 127.0.0.1:8080)'
            cand --capture 'Append every request and response to this file (JSON Lines; docs/capture-format.md)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --insecure-skip-signature 'Do not check Twilio signatures (local experiments only; warns on every request)'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;pager'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every message, newest first, with what was delivered'
            cand show 'One message: caller, length, who was on call, each step''s outcome'
            cand retry 'Try every step not yet done again, now (one message, or all)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;pager;list'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;pager;show'= {
            cand --save 'Write the audio to this file'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;pager;retry'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;pager;help'= {
            cand list 'Every message, newest first, with what was delivered'
            cand show 'One message: caller, length, who was on call, each step''s outcome'
            cand retry 'Try every step not yet done again, now (one message, or all)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;pager;help;list'= {
        }
        &'relay;pager;help;show'= {
        }
        &'relay;pager;help;retry'= {
        }
        &'relay;pager;help;help'= {
        }
        &'relay;alerts'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every alert (and paged voicemail), newest first, with where it went and who took it'
            cand show 'One alert: caller, group, transcription, link, each target''s outcome, and the page''s timeline (texted, called, escalated, acknowledged by whom)'
            cand ack 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it'
            cand retry 'Try every step not yet done again, now (the given alerts, or all)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;alerts;list'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --unacked 'Only pages nobody has acknowledged'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;alerts;show'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;alerts;ack'= {
            cand --by 'The member taking it (default: you, by your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;alerts;retry'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;alerts;help'= {
            cand list 'Every alert (and paged voicemail), newest first, with where it went and who took it'
            cand show 'One alert: caller, group, transcription, link, each target''s outcome, and the page''s timeline (texted, called, escalated, acknowledged by whom)'
            cand ack 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it'
            cand retry 'Try every step not yet done again, now (the given alerts, or all)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;alerts;help;list'= {
        }
        &'relay;alerts;help;show'= {
        }
        &'relay;alerts;help;ack'= {
        }
        &'relay;alerts;help;retry'= {
        }
        &'relay;alerts;help;help'= {
        }
        &'relay;tickets'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Tickets, newest first'
            cand show 'One ticket''s whole conversation, media listed, and the replies sent'
            cand reply 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)'
            cand comment 'An internal comment, never texted'
            cand resolve 'Resolve a ticket (the requester''s next text opens a new one; a RapidPro conversation is closed there too)'
            cand reopen 'Reopen a resolved ticket'
            cand pending 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any'
            cand retry 'Try everything pending again now (one id from `pending`, or all)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;tickets;list'= {
            cand --status 'status'
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;show'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;reply'= {
            cand --attach 'A file to send with the reply (RapidPro conversations; repeatable; 10 MiB at most)'
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;comment'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;resolve'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;reopen'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;pending'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;retry'= {
            cand --as 'Who is acting, for the ticket''s history (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;tickets;help'= {
            cand list 'Tickets, newest first'
            cand show 'One ticket''s whole conversation, media listed, and the replies sent'
            cand reply 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)'
            cand comment 'An internal comment, never texted'
            cand resolve 'Resolve a ticket (the requester''s next text opens a new one; a RapidPro conversation is closed there too)'
            cand reopen 'Reopen a resolved ticket'
            cand pending 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any'
            cand retry 'Try everything pending again now (one id from `pending`, or all)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;tickets;help;list'= {
        }
        &'relay;tickets;help;show'= {
        }
        &'relay;tickets;help;reply'= {
        }
        &'relay;tickets;help;comment'= {
        }
        &'relay;tickets;help;resolve'= {
        }
        &'relay;tickets;help;reopen'= {
        }
        &'relay;tickets;help;pending'= {
        }
        &'relay;tickets;help;retry'= {
        }
        &'relay;tickets;help;help'= {
        }
        &'relay;ticketer'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of text'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write [ticketer] into relay.toml: a UUID, the secret''s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)'
            cand status 'Whether RapidPro has connected, the open rooms, and what is pending'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;ticketer;init'= {
            cand --public-url 'relay''s public base URL, for the URL to print (default: serve.public_url)'
            cand --admin-user 'The Admin User ID to enter in RapidPro'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --secret-stdin 'Read the secret from standard input (the one RapidPro''s form shows) instead of making one'
            cand --force 'Replace an existing [ticketer]''s secret and token (the UUID, and so the URL, stays)'
            cand --json 'Print JSON instead of text'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;ticketer;status'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of text'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;ticketer;help'= {
            cand init 'Write [ticketer] into relay.toml: a UUID, the secret''s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)'
            cand status 'Whether RapidPro has connected, the open rooms, and what is pending'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;ticketer;help;init'= {
        }
        &'relay;ticketer;help;status'= {
        }
        &'relay;ticketer;help;help'= {
        }
        &'relay;send'= {
            cand --campaign 'The campaign''s name, for `relay send report --campaign` (default: the creative''s and the data file''s names, e.g. welcome+recipients)'
            cand --data 'One message per row: CSV with a header row, or JSON Lines'
            cand --var 'A placeholder value for every message (repeatable); data columns win'
            cand --tenant 'Send with this tenant''s credentials and sender ([tenants.NAME]; default: [twilio] and [send])'
            cand --rate 'Messages per second at most (default: the tenant''s rate; unset: no limit)'
            cand --concurrency 'Messages in flight at once'
            cand --journal 'The journal file (default: DATA.journal.jsonl, or CREATIVE.journal.jsonl)'
            cand --max-attempts 'Attempts per message on rate limits (429), server errors and broken connections'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --dry-run 'Render and check every message and print them; send nothing'
            cand --retry-failed 'Try again the messages an earlier run recorded as failed'
            cand --json 'One JSON object per message and a summary, instead of a progress bar and a table'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand report 'What happened to a campaign''s messages: delivered, undelivered (with Twilio''s error codes), the slowest, and the rows that did not get through'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;send;report'= {
            cand --journal 'The campaign''s journal file'
            cand --campaign 'The campaign''s name (as `relay send --campaign` gave it or defaulted it)'
            cand --rate 'Requests per second to Twilio with --refresh'
            cand --failed-rows 'Write the rows that did not get through (failed, undelivered, refused) to FILE, as CSV (or JSON Lines for .jsonl), for `relay send --data FILE`'
            cand --data 'The data file the campaign was sent from (default: as recorded for the campaign)'
            cand --slowest 'How many of the slowest deliveries to list'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --refresh 'Ask Twilio for the status of each message that has no final one yet'
            cand --json 'One JSON object instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;send;help'= {
            cand report 'What happened to a campaign''s messages: delivered, undelivered (with Twilio''s error codes), the slowest, and the rows that did not get through'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;send;help;report'= {
        }
        &'relay;send;help;help'= {
        }
        &'relay;doctor'= {
            cand --timeout 'Seconds each check may take before it counts as failed (checks run side by side)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'One JSON object: `ok`, `seconds` and every check''s status, detail and fix'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;numbers'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)'
            cand point 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;numbers;list'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'One JSON array instead of a table'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;numbers;point'= {
            cand --basic-auth-user 'Put this [serve.basic_auth] user''s credentials in the URLs (the password from $RELAY_BASIC_AUTH_PASSWORD, or asked for on a terminal)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --all 'Every number of the account that has a role'
            cand --yes 'Change without asking (for scripts; required when not on a terminal)'
            cand --json 'One JSON object per number changed, with the values before and after'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;numbers;help'= {
            cand list 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)'
            cand point 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;numbers;help;list'= {
        }
        &'relay;numbers;help;point'= {
        }
        &'relay;numbers;help;help'= {
        }
        &'relay;trigger'= {
            cand --url 'The relay to send to (default: serve.public_url, else http://serve.listen)'
            cand --public-url 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)'
            cand --capture 'Append each request and answer to FILE in the capture format (`relay replay`)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'JSON instead of text'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand sms 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay''s reply'
            cand call 'An inbound call, followed through relay''s TwiML; prints what the caller hears'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;trigger;sms'= {
            cand --to 'The number texted: one of relay''s (a [numbers] entry or a roster number)'
            cand --from 'Who texts (a roster member''s phone for the control line)'
            cand --body 'The text (empty with only --media)'
            cand --media 'A media URL (repeatable): an MMS'
            cand --url 'The relay to send to (default: serve.public_url, else http://serve.listen)'
            cand --public-url 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)'
            cand --capture 'Append each request and answer to FILE in the capture format (`relay replay`)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'JSON instead of text'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;trigger;call'= {
            cand --to 'The number called: one of relay''s (a [numbers] entry or a roster number)'
            cand --from 'Who calls (the caller ID relay sees)'
            cand --digits 'Keys pressed at each <Gather>, in order (e.g. 1,2; repeatable)'
            cand --record-seconds 'Speak this long at a <Record> (without it, the caller hangs up there)'
            cand --transcript 'The transcription Twilio sends afterwards (with --record-seconds)'
            cand --url 'The relay to send to (default: serve.public_url, else http://serve.listen)'
            cand --public-url 'The URL Twilio would have been given, which signatures cover (default: serve.public_url, else --url)'
            cand --capture 'Append each request and answer to FILE in the capture format (`relay replay`)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'JSON instead of text'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;trigger;help'= {
            cand sms 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay''s reply'
            cand call 'An inbound call, followed through relay''s TwiML; prints what the caller hears'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;trigger;help;sms'= {
        }
        &'relay;trigger;help;call'= {
        }
        &'relay;trigger;help;help'= {
        }
        &'relay;optout'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The opted-out recipients, by tenant and sender'
            cand add 'Opt recipients out (as if they had texted STOP)'
            cand remove 'Opt recipients back in (as if they had texted START)'
            cand import 'Add every number of a CSV file (a header row; number or phone, sender, tenant)'
            cand export 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json'
            cand history 'Changes to the list: who, when, how'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;optout;list'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;optout;add'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;optout;remove'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;optout;import'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;optout;export'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;optout;history'= {
            cand --since 'Only changes newer than this (e.g. 30m, 12h, 7d)'
            cand --limit 'At most this many (the newest)'
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --tenant 'The tenant ([tenants.NAME]; default: the default tenant, or every tenant for list and export)'
            cand --sender 'The sender: a number or Messaging Service SID (default for add and import: the tenant''s from or messaging_service_sid; for list, export and remove: every sender)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;optout;help'= {
            cand list 'The opted-out recipients, by tenant and sender'
            cand add 'Opt recipients out (as if they had texted STOP)'
            cand remove 'Opt recipients back in (as if they had texted START)'
            cand import 'Add every number of a CSV file (a header row; number or phone, sender, tenant)'
            cand export 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json'
            cand history 'Changes to the list: who, when, how'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;optout;help;list'= {
        }
        &'relay;optout;help;add'= {
        }
        &'relay;optout;help;remove'= {
        }
        &'relay;optout;help;import'= {
        }
        &'relay;optout;help;export'= {
        }
        &'relay;optout;help;history'= {
        }
        &'relay;optout;help;help'= {
        }
        &'relay;replay'= {
            cand --to 'The relay to send to: its base URL, e.g. http://127.0.0.1:8080'
            cand --token 'The target''s auth token, to sign with (default: TWILIO_AUTH_TOKEN, then relay.toml)'
            cand --shared-key 'Sign with this shared key (HMAC-SHA256) instead of a token'
            cand --public-url 'The base URL the target checks signatures against (its serve.public_url), when requests reach it through another address'
            cand --basic-auth 'HTTP Basic credentials for a target that asks for them (captures hold none)'
            cand --only 'Only these request ids (comma-separated or repeated)'
            cand --grep 'Only requests whose URL or body contains this text'
            cand --rate 'At most this many requests per second (N/s) or minute (N/m)'
            cand --ignore 'With --diff: mask text matching this regular expression in both answers (repeatable), e.g. times that differ from run to run'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --keep-signature 'Send the captured signatures untouched (to test verification itself)'
            cand --keep-idempotency 'Send the captured I-Twilio-Idempotency-Token (to test de-duplication) instead of a fresh one'
            cand --diff 'Compare each answer with the captured one (TwiML as XML, JSON as JSON) and print a unified diff per mismatch'
            cand --skip-bad 'Skip malformed capture lines (reported with their line numbers) instead of refusing to start'
            cand --json 'One JSON object per request instead of a table'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand who 'Who is on call, since when, set by whom'
            cand take 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)'
            cand users 'List the team'
            cand show 'Print the whole roster document (the mail password as (redacted))'
            cand add 'Add a member'
            cand remove 'Remove a member (never whoever is on call)'
            cand escalation 'Who is paged after the person on call when a page is not acknowledged'
            cand set 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email'
            cand history 'The audit log: every change, who made it and how'
            cand edit 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap'
            cand check 'Report inconsistencies (exit 1 when there are any)'
            cand init 'Create a roster (refuses to replace one): --from-phone, or --import'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;oncall;who'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;take'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --notify 'Text the new and the previous on-call person (from the roster''s from_phone)'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;users'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;show'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --show-secrets 'Show the mail password'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;add'= {
            cand --name 'name'
            cand --phone 'The member''s mobile number; normalised to E.164'
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;remove'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;escalation'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'The order, and the timeout and rounds it runs with'
            cand set 'Set the order: member ids, the first paged after the person on call first'
            cand clear 'Page nobody but the person on call (rounds still repeat them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;oncall;escalation;show'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;escalation;set'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;escalation;clear'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;escalation;help'= {
            cand show 'The order, and the timeout and rounds it runs with'
            cand set 'Set the order: member ids, the first paged after the person on call first'
            cand clear 'Page nobody but the person on call (rounds still repeat them)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;oncall;escalation;help;show'= {
        }
        &'relay;oncall;escalation;help;set'= {
        }
        &'relay;oncall;escalation;help;clear'= {
        }
        &'relay;oncall;escalation;help;help'= {
        }
        &'relay;oncall;set'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;history'= {
            cand --since 'Only changes newer than this (e.g. 30m, 12h, 7d)'
            cand --limit 'At most this many (the newest)'
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;edit'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;check'= {
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;init'= {
            cand --from-phone 'The number members text (WHO, TAKE, HALP) and relay texts them from. Required unless --import'
            cand --pager-phone 'The number customers call to leave a message (the pager line). Optional: without it there is no pager line (an alert-only team needs none)'
            cand --session-lifetime 'Seconds a TAKE waits for its confirmation'
            cand --import 'Start from an existing oncall-twilio roster file'
            cand --as 'Who is making the change, for the audit log (default: your login name)'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --json 'Print JSON instead of tables'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;oncall;help'= {
            cand who 'Who is on call, since when, set by whom'
            cand take 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)'
            cand users 'List the team'
            cand show 'Print the whole roster document (the mail password as (redacted))'
            cand add 'Add a member'
            cand remove 'Remove a member (never whoever is on call)'
            cand escalation 'Who is paged after the person on call when a page is not acknowledged'
            cand set 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email'
            cand history 'The audit log: every change, who made it and how'
            cand edit 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap'
            cand check 'Report inconsistencies (exit 1 when there are any)'
            cand init 'Create a roster (refuses to replace one): --from-phone, or --import'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;oncall;help;who'= {
        }
        &'relay;oncall;help;take'= {
        }
        &'relay;oncall;help;users'= {
        }
        &'relay;oncall;help;show'= {
        }
        &'relay;oncall;help;add'= {
        }
        &'relay;oncall;help;remove'= {
        }
        &'relay;oncall;help;escalation'= {
            cand show 'The order, and the timeout and rounds it runs with'
            cand set 'Set the order: member ids, the first paged after the person on call first'
            cand clear 'Page nobody but the person on call (rounds still repeat them)'
        }
        &'relay;oncall;help;escalation;show'= {
        }
        &'relay;oncall;help;escalation;set'= {
        }
        &'relay;oncall;help;escalation;clear'= {
        }
        &'relay;oncall;help;set'= {
        }
        &'relay;oncall;help;history'= {
        }
        &'relay;oncall;help;edit'= {
        }
        &'relay;oncall;help;check'= {
        }
        &'relay;oncall;help;init'= {
        }
        &'relay;oncall;help;help'= {
        }
        &'relay;config'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
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
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;config;init'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --force 'Overwrite an existing file'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
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
        &'relay;store'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand prune 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;store;prune'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --dry-run 'Count what would go, remove nothing'
            cand --json 'One JSON object: every kind with its retention, documents examined and removed'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;store;help'= {
            cand prune 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;store;help;prune'= {
        }
        &'relay;store;help;help'= {
        }
        &'relay;completions'= {
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;generate-assets'= {
            cand --dir 'The repository root to write into'
            cand --config 'Read configuration from this file instead of searching $RELAY_CONFIG, ./relay.toml and $XDG_CONFIG_HOME/relay/relay.toml'
            cand --wide 'Tables as wide as their content (by default they fit the terminal, or 80 columns when it reports no width)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'relay;help'= {
            cand verify 'Check Twilio webhook signatures, and say why one fails'
            cand serve 'Answer Twilio''s webhooks: signed, de-duplicated, captured on request'
            cand pager 'The pager line''s voice messages: list them, show one, retry failed deliveries'
            cand alerts 'Alerts started by phone: list them, show one, retry a failed delivery'
            cand tickets 'Tickets from texts and RapidPro: list, show, reply, comment, resolve, what is pending'
            cand ticketer 'Connect RapidPro/TextIt: conversations handed to relay become tickets'
            cand send 'Send SMS/MMS from a creative file: one message, or one per row of a data file'
            cand doctor 'Check the whole deployment: configuration, store, Twilio, numbers, public URL, SMTP, RT, RapidPro, xMatters, PagerDuty, Bitly (exit 1 when any check fails)'
            cand numbers 'The account''s phone numbers: their roles, and whether they point at this relay'
            cand trigger 'Send Twilio''s own webhooks, signed, to a relay and show what it answers (no phone needed)'
            cand optout 'Recipients who opted out of campaigns (STOP): list, add, remove, import, export'
            cand replay 'Send captured Twilio requests to a relay, re-signed for it, and compare the answers'
            cand oncall 'Run the on-call rotation: who is on call, take over, manage the team'
            cand config 'Validate relay.toml, or write a commented example'
            cand store 'The store''s housekeeping: remove what has outlived [store.retention]'
            cand completions 'Print shell completions for bash, zsh, fish, elvish or powershell'
            cand generate-assets 'Write completions/ and docs/man/ from this binary''s own definition (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'relay;help;verify'= {
        }
        &'relay;help;serve'= {
        }
        &'relay;help;pager'= {
            cand list 'Every message, newest first, with what was delivered'
            cand show 'One message: caller, length, who was on call, each step''s outcome'
            cand retry 'Try every step not yet done again, now (one message, or all)'
        }
        &'relay;help;pager;list'= {
        }
        &'relay;help;pager;show'= {
        }
        &'relay;help;pager;retry'= {
        }
        &'relay;help;alerts'= {
            cand list 'Every alert (and paged voicemail), newest first, with where it went and who took it'
            cand show 'One alert: caller, group, transcription, link, each target''s outcome, and the page''s timeline (texted, called, escalated, acknowledged by whom)'
            cand ack 'Acknowledge a page from the shell: its escalation stops and the others paged are told who took it'
            cand retry 'Try every step not yet done again, now (the given alerts, or all)'
        }
        &'relay;help;alerts;list'= {
        }
        &'relay;help;alerts;show'= {
        }
        &'relay;help;alerts;ack'= {
        }
        &'relay;help;alerts;retry'= {
        }
        &'relay;help;tickets'= {
            cand list 'Tickets, newest first'
            cand show 'One ticket''s whole conversation, media listed, and the replies sent'
            cand reply 'Reply: recorded on the ticket and texted to the requester (or, on a RapidPro conversation, sent to RapidPro)'
            cand comment 'An internal comment, never texted'
            cand resolve 'Resolve a ticket (the requester''s next text opens a new one; a RapidPro conversation is closed there too)'
            cand reopen 'Reopen a resolved ticket'
            cand pending 'Texts and RapidPro messages not yet filed (RT down?), replies not yet sent; exit 1 while any'
            cand retry 'Try everything pending again now (one id from `pending`, or all)'
        }
        &'relay;help;tickets;list'= {
        }
        &'relay;help;tickets;show'= {
        }
        &'relay;help;tickets;reply'= {
        }
        &'relay;help;tickets;comment'= {
        }
        &'relay;help;tickets;resolve'= {
        }
        &'relay;help;tickets;reopen'= {
        }
        &'relay;help;tickets;pending'= {
        }
        &'relay;help;tickets;retry'= {
        }
        &'relay;help;ticketer'= {
            cand init 'Write [ticketer] into relay.toml: a UUID, the secret''s hash, admin credentials for attachments. Prints what to enter in RapidPro (the secret and token once)'
            cand status 'Whether RapidPro has connected, the open rooms, and what is pending'
        }
        &'relay;help;ticketer;init'= {
        }
        &'relay;help;ticketer;status'= {
        }
        &'relay;help;send'= {
            cand report 'What happened to a campaign''s messages: delivered, undelivered (with Twilio''s error codes), the slowest, and the rows that did not get through'
        }
        &'relay;help;send;report'= {
        }
        &'relay;help;doctor'= {
        }
        &'relay;help;numbers'= {
            cand list 'Every number of the account (all pages), its role, its SMS and voice webhooks, and ✓ or what is wrong with them (exit 1 when any is wrong)'
            cand point 'Set the SMS and voice webhooks of these numbers (or of every number with a role) to what their roles need; shows the change first and asks on a terminal'
        }
        &'relay;help;numbers;list'= {
        }
        &'relay;help;numbers;point'= {
        }
        &'relay;help;trigger'= {
            cand sms 'An inbound SMS/MMS, with every parameter Twilio sends; prints relay''s reply'
            cand call 'An inbound call, followed through relay''s TwiML; prints what the caller hears'
        }
        &'relay;help;trigger;sms'= {
        }
        &'relay;help;trigger;call'= {
        }
        &'relay;help;optout'= {
            cand list 'The opted-out recipients, by tenant and sender'
            cand add 'Opt recipients out (as if they had texted STOP)'
            cand remove 'Opt recipients back in (as if they had texted START)'
            cand import 'Add every number of a CSV file (a header row; number or phone, sender, tenant)'
            cand export 'Every opt-out as CSV (number,sender,tenant,since,source), or JSON with --json'
            cand history 'Changes to the list: who, when, how'
        }
        &'relay;help;optout;list'= {
        }
        &'relay;help;optout;add'= {
        }
        &'relay;help;optout;remove'= {
        }
        &'relay;help;optout;import'= {
        }
        &'relay;help;optout;export'= {
        }
        &'relay;help;optout;history'= {
        }
        &'relay;help;replay'= {
        }
        &'relay;help;oncall'= {
            cand who 'Who is on call, since when, set by whom'
            cand take 'Make USER on call (asks to confirm on a terminal; --yes or a non-terminal skips it)'
            cand users 'List the team'
            cand show 'Print the whole roster document (the mail password as (redacted))'
            cand add 'Add a member'
            cand remove 'Remove a member (never whoever is on call)'
            cand escalation 'Who is paged after the person on call when a page is not acknowledged'
            cand set 'Change a setting: from_phone, pager_phone, session_lifetime, mail_server, mail_port, mail_use_tls, mail_username, mail_password, from_email, to_email'
            cand history 'The audit log: every change, who made it and how'
            cand edit 'Edit the roster in $VISUAL or $EDITOR; validated, written with compare-and-swap'
            cand check 'Report inconsistencies (exit 1 when there are any)'
            cand init 'Create a roster (refuses to replace one): --from-phone, or --import'
        }
        &'relay;help;oncall;who'= {
        }
        &'relay;help;oncall;take'= {
        }
        &'relay;help;oncall;users'= {
        }
        &'relay;help;oncall;show'= {
        }
        &'relay;help;oncall;add'= {
        }
        &'relay;help;oncall;remove'= {
        }
        &'relay;help;oncall;escalation'= {
            cand show 'The order, and the timeout and rounds it runs with'
            cand set 'Set the order: member ids, the first paged after the person on call first'
            cand clear 'Page nobody but the person on call (rounds still repeat them)'
        }
        &'relay;help;oncall;escalation;show'= {
        }
        &'relay;help;oncall;escalation;set'= {
        }
        &'relay;help;oncall;escalation;clear'= {
        }
        &'relay;help;oncall;set'= {
        }
        &'relay;help;oncall;history'= {
        }
        &'relay;help;oncall;edit'= {
        }
        &'relay;help;oncall;check'= {
        }
        &'relay;help;oncall;init'= {
        }
        &'relay;help;config'= {
            cand check 'Validate the configuration and print it as relay sees it, secrets as (redacted)'
            cand init 'Write a commented example configuration'
        }
        &'relay;help;config;check'= {
        }
        &'relay;help;config;init'= {
        }
        &'relay;help;store'= {
            cand prune 'Remove idempotency markers, call records and finished deliveries past their retention (relay serve does this hourly); unfinished work is never removed'
        }
        &'relay;help;store;prune'= {
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
