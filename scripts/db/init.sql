-- Run by mariadb-install-db --extra-file (bootstrap mode, before the first real start).
-- Bootstrap runs with --skip-grant-tables: FLUSH PRIVILEGES loads the grant tables so CREATE USER works.
-- No trailing comments on SQL lines: the bootstrap reader is line-oriented.
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS probe_db;
CREATE TABLE probe_db.t (id INT PRIMARY KEY, v VARCHAR(32)) ENGINE=InnoDB;
INSERT INTO probe_db.t VALUES (1, 'seed');
-- The probe's user: mysql_native_password (mysql2 cannot do MariaDB's ed25519).
CREATE USER 'probe'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('probepw');
GRANT SELECT, INSERT, UPDATE, DELETE ON probe_db.* TO 'probe'@'%';
-- Admin for tests (KILL, SET GLOBAL, SHOW PROCESSLIST of every user).
CREATE USER 'dba'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('dbapw');
GRANT ALL ON *.* TO 'dba'@'%' WITH GRANT OPTION;
