"""Hostile messages against the real servers (issue 9): nothing crashes, nothing is lost, and the
Rasa server's memory stays bounded whatever arrives.

    python -m tools.bench.fuzz [--smoke] [--rest 3000] [--widget 1000] [--seed 9]
                             [--model models/current.tar.gz] [--out results/fuzz] [--docs docs/benchmarks.md]

Starts both servers (tools.bench.servers, SQLite, rate limits lifted) and sends, in this order:

1. the worst inputs one at a time, each exactly at the length limit (random CJK, English words,
   digits, one giant token, punctuation...) and some over it, sampling the Rasa server's memory;
2. thousands of hostile REST requests from concurrent senders: emoji floods, lone surrogates,
   control and direction characters, zero-width characters, HTML, SQL, over-long messages up to
   1 MB, malformed JSON, wrong types, other buyers' order numbers, forged identities, Rasa's
   "/intent{...}" syntax, bursts from one sender;
3. hostile widget messages over socket.io (websocket and long-polling, our own minimal client so
   that anything can be sent) from concurrent visitors with forged identities, other visitors'
   session ids, wrong types, bad or repeated message ids, malformed packets, oversized frames;
4. a short burst with the shipped rate limits (fresh servers with credentials.yml as it is), where
   429 and `rate_limited` are answers.

Each message ends up
- answered: a 2xx reply, a deliberate 400/413/429 with a JSON error, the 503 apology; on the widget
  an ack, `rejected` or `rate_limited`, or the transport refusing a frame over the maxPayload the
  server announced;
- failed: any other status, no connection, a timeout, a forged identity accepted;
- lost: the server closed the request without a response (REST); no ack, `rejected` or
  `rate_limited` for a widget message.

Writes results/fuzz/fuzz.json and the "Fuzz" section of docs/benchmarks.md (the rest of the file
is kept as it is).

Modules: inputs (hostile texts), rest (REST cases and verdicts), socket_client (the socket.io
client), widget_cases and widget (widget cases, visitors and their verdicts), outcomes (verdicts
and tallies), memory (the sampler and the worst inputs), target (the servers' state and logs),
run (the phases and the report), report (docs/benchmarks.md, fuzz.json), __main__ (the command).
"""
