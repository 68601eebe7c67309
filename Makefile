# Xiaoer: `make run` to chat with the bot, `make test` to check everything.
.PHONY: setup train run shell test unit validate conversations eval bench bench-smoke fuzz clean

PY := .venv/bin/python
export PYTHONPATH := $(CURDIR)
# no usage reports or crash reports leave the machine
export RASA_TELEMETRY_ENABLED := false

setup:
	@bash scripts/setup.sh

train: setup
	@bash scripts/train.sh

run: train
	@bash scripts/run.sh

shell: train
	@bash scripts/shell.sh

test: train
	@bash scripts/test.sh

unit: setup
	$(PY) -m pytest tests/unit tests/actions -q

validate: setup
	$(PY) -m tools.validate

conversations: train
	.venv/bin/rasa test core --stories tests/conversations -m models/current.tar.gz --fail-on-prediction-errors --out results/conversations

# EVAL_ARGS e.g. "--cv-pipelines xiaoer,diet,keyword" (rasa-default's DIET: ~25 min a fold on 2 cores)
eval: train
	$(PY) -m tools.evaluate --model models/current.tar.gz --out docs/benchmarks $(EVAL_ARGS)

# BENCH_ARGS e.g. "--repeats 1 --seconds 10 --no-training"; see python -m tools.bench.run --help
bench: train
	$(PY) -m tools.bench.run --model models/current.tar.gz --out docs/benchmarks $(BENCH_ARGS)

bench-smoke: train
	$(PY) -m tools.bench.run --smoke --model models/current.tar.gz --out results/bench-smoke

# FUZZ_ARGS e.g. "--smoke" or "--rest 1000 --widget 300"; see python -m tools.bench.fuzz --help
fuzz: train
	$(PY) -m tools.bench.fuzz --model models/current.tar.gz --out results/fuzz --docs docs/benchmarks.md $(FUZZ_ARGS)

clean:
	rm -rf models results var .pytest_cache
