package dev.ocrpipe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time read from {@code /proc} (Linux), so a benchmark can say which process burnt the
 * machine's cores during a run: the evidence for where the bottleneck is.
 */
final class CpuTime {

	/** Linux's USER_HZ, the unit of {@code /proc} CPU times, on every mainstream architecture. */
	private static final double TICKS_PER_SECOND = 100.0;

	private CpuTime() {
	}

	/** @return CPU seconds (user + system) the process used so far, or -1 if unknown */
	static double process(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			// the command name may hold spaces; the fields we want follow its closing parenthesis
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** @return {busy, total} CPU seconds of the whole machine so far (all cores), or zeros if unknown */
	static double[] machine() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < cpu.length; i++) {
				total += Long.parseLong(cpu[i]);
			}
			long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
			return new double[] { (total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND };
		}
		catch (IOException | RuntimeException ex) {
			return new double[] { 0, 0 };
		}
	}

	/**
	 * @param nameContains part of a thread name
	 * @return CPU seconds used by this JVM's live platform threads whose name contains it
	 */
	static double threads(String nameContains) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		double seconds = 0;
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().contains(nameContains)) {
				long nanos = threads.getThreadCpuTime(info.getThreadId());
				seconds += (nanos > 0) ? nanos / 1e9 : 0;
			}
		}
		return seconds;
	}

}
