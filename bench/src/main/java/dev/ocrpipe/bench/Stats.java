package dev.ocrpipe.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Percentiles of measured values (nearest rank), because averages hide the slow jobs a user
 * notices.
 */
final class Stats {

	private Stats() {
	}

	/**
	 * @param values the values, in any order
	 * @param percentile 0 to 100
	 * @return the nearest-rank percentile, or NaN when there are no values
	 */
	static double percentile(Collection<Double> values, double percentile) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
		return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
	}

}
