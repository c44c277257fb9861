package dev.ocrpipe.api.jobs;

import java.util.List;
import java.util.Map;

/**
 * A batch (the jobs of one multi-file upload) with its jobs counted by status and its pages
 * summed, so a client can follow a whole upload with one request.
 */
record BatchView(String batchId, Map<String, Integer> jobs, JobView.Pages pages, List<JobView> items) {
}
