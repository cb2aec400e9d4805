package org.fountain;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * PostgreSQL's transactions for {@code @Transactional}. With a transactional producer, Spring Boot's only transaction
 * manager would be Kafka's, and a method writing a filter and its version would run as separate JDBC statements; this
 * one is primary, while the ingest listener keeps Kafka's for its batches (matches and offsets in one transaction).
 */
@Configuration(proxyBeanMethods = false)
class JdbcTransactions {

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }
}
