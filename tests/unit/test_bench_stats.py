"""The load benchmark's arithmetic: percentiles, throughput, error totals."""
import pytest

from tools.bench.load import LevelResult, percentile


def test_percentile_interpolates_between_ranks():
    values = [4.0, 1.0, 3.0, 2.0]  # sorted: 1 2 3 4
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == pytest.approx(2.5)
    assert percentile(values, 25) == pytest.approx(1.75)
    assert percentile(values, 95) == pytest.approx(3.85)


def test_percentile_of_ten_values():
    values = [float(v) for v in range(10, 0, -1)]  # 1..10, unsorted
    assert percentile(values, 50) == pytest.approx(5.5)
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile(values, 99) == pytest.approx(9.91)


def test_percentile_edge_cases():
    assert percentile([], 50) is None
    assert percentile([7.0], 99) == 7.0
    assert percentile([2.0, 2.0, 2.0], 95) == 2.0
    with pytest.raises(ValueError):
        percentile([1.0], 101)
    with pytest.raises(ValueError):
        percentile([1.0], -1)


def test_percentile_does_not_reorder_the_input():
    values = [3.0, 1.0, 2.0]
    percentile(values, 50)
    assert values == [3.0, 1.0, 2.0]


def test_throughput_is_turns_per_second_of_wall_time():
    result = LevelResult("rest", 10, duration_s=8.0, turns=100)
    assert result.throughput == pytest.approx(12.5)
    assert LevelResult("rest", 1, duration_s=0.0, turns=5).throughput == 0.0


def test_errors_add_up_by_kind():
    result = LevelResult("widget", 5, duration_s=10.0, turns=30)
    for kind in ("timeout", "timeout", "empty_reply", "http_500", "timeout"):
        result.add_error(kind)
    assert result.errors == {"timeout": 3, "empty_reply": 1, "http_500": 1}
    assert result.error_count == 5
    assert result.error_rate == pytest.approx(5 / 35)
    assert LevelResult("rest", 1, 1.0).error_rate == 0.0


def test_to_dict_summarises_the_level():
    result = LevelResult("rest", 2, duration_s=4.0, turns=4, conversations=1,
                         errors={"timeout": 1}, latencies=[0.4, 0.1, 0.3, 0.2])
    summary = result.to_dict()
    assert summary["throughput"] == 1.0
    assert summary["error_count"] == 1 and summary["errors"] == {"timeout": 1}
    assert summary["error_rate"] == 0.2
    assert summary["latency_s"]["p50"] == pytest.approx(0.25)
    assert summary["latency_s"]["p95"] == pytest.approx(0.385)
    assert summary["latency_s"]["mean"] == pytest.approx(0.25)
    assert summary["latency_s"]["max"] == 0.4
    assert "latencies" not in summary
    assert result.percentile(99) == pytest.approx(0.397)


def test_empty_level_has_no_latency_figures():
    summary = LevelResult("widget", 1, duration_s=1.0).to_dict()
    assert summary["turns"] == 0 and summary["throughput"] == 0.0
    assert summary["latency_s"] == {"p50": None, "p95": None, "p99": None, "mean": None, "max": None}
