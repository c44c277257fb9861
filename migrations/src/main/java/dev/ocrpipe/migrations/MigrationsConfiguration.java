package dev.ocrpipe.migrations;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import com.mongodb.client.MongoClient;

/**
 * Runs the migrations while the application context starts, so that both apps have every index
 * before the web server accepts requests and before Kafka listeners take messages (those start
 * only after every singleton exists); a failed migration fails the start.
 */
@Configuration(proxyBeanMethods = false)
public class MigrationsConfiguration {

	/** Not lazy, even with lazy initialization on: nothing asks for it, yet it must run. */
	@Bean
	@Lazy(false)
	AppliedMigrations appliedMigrations(MongoClient client, MongoDatabaseFactory databases) {
		return new AppliedMigrations(client, databases.getMongoDatabase().getName());
	}

	/** The migrations, applied once this bean is initialised. */
	public static final class AppliedMigrations implements InitializingBean {

		private final MongoClient client;

		private final String database;

		AppliedMigrations(MongoClient client, String database) {
			this.client = client;
			this.database = database;
		}

		@Override
		public void afterPropertiesSet() {
			Migrations.apply(this.client, this.database);
		}

		/** The database the migrations were applied to. */
		public String database() {
			return this.database;
		}

	}

}
