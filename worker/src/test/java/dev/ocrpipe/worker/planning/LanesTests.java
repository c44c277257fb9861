package dev.ocrpipe.worker.planning;

import org.junit.jupiter.api.Test;

import dev.ocrpipe.common.jobs.PageLane;
import dev.ocrpipe.worker.pages.FairnessProperties;

import static org.assertj.core.api.Assertions.assertThat;

class LanesTests {

	final FairnessProperties fairness = new FairnessProperties(true, 20, null);

	@Test
	void aJobIsInteractiveWhileItsOwnersOpenPagesStayWithinTheLimit() {
		assertThat(Lanes.choose(1, this.fairness)).isEqualTo(PageLane.INTERACTIVE);
		assertThat(Lanes.choose(20, this.fairness)).isEqualTo(PageLane.INTERACTIVE);
	}

	@Test
	void anOwnerWithMoreOpenPagesGoesToTheBulkLane() {
		// one 40-page scan is bulk on its own; so is a single page behind 400 open ones
		assertThat(Lanes.choose(21, this.fairness)).isEqualTo(PageLane.BULK);
		assertThat(Lanes.choose(401, this.fairness)).isEqualTo(PageLane.BULK);
	}

	@Test
	void withoutFairnessEveryJobIsInteractive() {
		assertThat(Lanes.choose(401, new FairnessProperties(false, 20, null))).isEqualTo(PageLane.INTERACTIVE);
	}

}
