-- One database per service (docker-compose's PostgreSQL runs this once at first start).
CREATE DATABASE soa_catalog;
CREATE DATABASE soa_licensing;
CREATE DATABASE soa_payment;
CREATE DATABASE soa_indexer;
