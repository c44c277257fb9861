package dev.ocrpipe.worker;

import java.util.ArrayList;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.migrations.Migrations;
import dev.ocrpipe.migrations.MigrationsConfiguration.AppliedMigrations;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker as it runs without a Gemini key: {@code engine=auto} picks the local Tesseract; and
 * it applies the migrations as it starts.
 */
@SpringBootTest(properties = { "ocr.worker.instance-id=tesseract-it", "ocr.worker.engine=auto",
		"ocr.worker.gemini.api-key=", "management.health.mongodb.enabled=false" })
class TesseractWorkerIT extends WorkerTestBase {

	@Autowired
	AppliedMigrations migrations;

	@Test
	void theMigrationsRanAsTheWorkerStarted() {
		assertThat(this.migrations.database()).isEqualTo("ocrpipe");
		assertThat(this.mongo.getCollection(Migrations.CHANGE_LOG)
			.find(new Document("systemChange", false).append("state", "EXECUTED"))
			.map((entry) -> entry.getString("changeId"))
			.into(new ArrayList<>())).containsSubsequence("V001-initial-indexes", "V005-audit-events");
	}

	@Test
	void pngWithRenderedTextIsRecognisedByTesseract() {
		String jobId = submit(SampleDocuments.png("Quarterly report 2026\nRevenue grew by 12 percent"),
				DocumentType.PNG);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		Document page = pages(jobId).get(0);
		assertThat(page.getString(PageFields.ENGINE)).isEqualTo("tesseract");
		assertThat(page.getString(PageFields.TEXT)).contains("Quarterly report 2026").contains("Revenue grew by 12");
		assertThat(page.getString(PageFields.MODEL)).isEqualTo("tesseract-eng");
		assertThat(gemini.callCount()).isZero();
	}

	@Test
	void scannedPdfPagesAreRecognisedInOrder() {
		String jobId = submit(SampleDocuments.scannedPdf("INVOICE NUMBER 4711", "PAYMENT TERMS NET 30"),
				DocumentType.PDF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(pages(jobId)).extracting((page) -> page.getString(PageFields.TEXT))
			.satisfiesExactly((text) -> assertThat(text).contains("INVOICE NUMBER 4711"),
					(text) -> assertThat(text).contains("PAYMENT TERMS NET 30"));
	}

}
