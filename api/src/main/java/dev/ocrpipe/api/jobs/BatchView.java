package dev.ocrpipe.api.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ocrpipe.common.jobs.JobStatus;

/**
 * A batch (the jobs of one multi-file upload) with its jobs counted by status and its pages
 * summed, so a client can follow a whole upload with one request.
 */
public record BatchView(String batchId, Map<String, Integer> jobs, JobView.Pages pages, List<JobView> items) {

	static BatchView of(String batchId, List<JobView> items) {
		Map<String, Integer> byStatus = new LinkedHashMap<>();
		for (JobStatus s : JobStatus.values()) {
			byStatus.put(s.name(), 0);
		}
		int total = 0;
		int done = 0;
		int skipped = 0;
		int failed = 0;
		for (JobView job : items) {
			byStatus.merge(job.status(), 1, Integer::sum);
			total += job.pages().total();
			done += job.pages().done();
			skipped += job.pages().skipped();
			failed += job.pages().failed();
		}
		return new BatchView(batchId, byStatus, new JobView.Pages(total, done, skipped, failed), items);
	}

}
