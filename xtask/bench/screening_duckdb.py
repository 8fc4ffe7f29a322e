"""The screening benchmark's peer: a subset of Theseus's rules written as SQL for DuckDB.

Usage: python screening_duckdb.py 'TABLES/transactions/*.parquet' PACK.json
Prints one JSON object: load and query seconds, peak memory, and the flagged accounts per rule.
Each query mirrors the Rust rule of the same code with the default pack's parameters (read from PACK.json):
a window of D days anchored at each qualifying transaction, per account, as an analyst would write it.
"""
import json
import sys
import time

import duckdb

glob, pack_path = sys.argv[1], sys.argv[2]
pack = json.load(open(pack_path))
r = pack["rules"]
con = duckdb.connect()
t0 = time.perf_counter()
con.execute(f"""
CREATE TABLE t AS SELECT account, ts_local, amount::DOUBLE AS amount, direction, channel, mcc, merchant,
       cpty_name, cpty_account, cpty_country, city, branch,
       length(ts) > 10 AS has_time,
       (hour(ts_local) >= 22 OR hour(ts_local) < 6) AS night
FROM read_parquet('{glob}')
""")
load_s = time.perf_counter() - t0


def in_list(values):
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def mcc_cond(codes):
    parts = []
    for c in codes:
        a, _, b = c.partition("-")
        parts.append(f"mcc BETWEEN {int(a)} AND {int(b or a)}")
    return "(" + " OR ".join(parts) + ")"


ad_like = " OR ".join(f"contains(lower(coalesce(merchant,'') || ' ' || coalesce(cpty_name,'')), '{m.lower()}')"
                      for m in pack["ad_merchants"])
origin = in_list([c.upper() for c in pack["origin_countries"]])

Q = {}
p = r["THB-001"]
Q["THB-001"] = f"""
WITH e AS (SELECT account, ts_local FROM t WHERE direction = 'debit'
           AND (({ad_like}) OR ({mcc_cond(p['mccs'])} AND amount <= {p['max_amount']})))
SELECT DISTINCT account FROM (
  SELECT account, count(*) OVER (PARTITION BY account ORDER BY ts_local
         RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING) AS n FROM e) WHERE n >= {p['min_payments']}"""
p = r["THB-002"]
Q["THB-002"] = f"""
WITH e AS (SELECT account, ts_local FROM t WHERE direction = 'debit' AND {mcc_cond(p['mccs'])} AND amount <= {p['max_amount']})
SELECT DISTINCT account FROM (
  SELECT account, count(*) OVER (PARTITION BY account ORDER BY ts_local
         RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING) AS n FROM e) WHERE n >= {p['min_stays']}"""
p = r["THB-005"]
Q["THB-005"] = f"""
WITH e AS (SELECT account, ts_local, night FROM t WHERE direction = 'debit' AND {mcc_cond(p['mccs'])})
SELECT DISTINCT account FROM (
  SELECT account,
         count(*) OVER w AS n, sum(CASE WHEN night THEN 1 ELSE 0 END) OVER w AS k FROM e
  WINDOW w AS (PARTITION BY account ORDER BY ts_local RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING))
WHERE n >= {p['min_rides']} AND k >= {p['min_night_share']} * n"""
p = r["THB-006"]
Q["THB-006"] = f"""
WITH e AS (SELECT account, ts_local, night FROM t WHERE channel IN ('cash', 'atm') AND has_time)
SELECT DISTINCT account FROM (
  SELECT account, night,
         sum(CASE WHEN night THEN 1 ELSE 0 END) OVER w AS k, count(*) OVER w AS n FROM e
  WINDOW w AS (PARTITION BY account ORDER BY ts_local RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING))
WHERE night AND k >= {p['min_events']} AND k >= {p['min_share']} * n"""
p = r["THB-011"]
Q["THB-011"] = f"""
WITH c AS (SELECT account, ts_local, coalesce(cpty_account, lower(cpty_name)) AS payer, channel, direction, amount FROM t
           WHERE direction = 'credit'),
once AS (SELECT account, payer, count(*) = 1 AS one_off FROM c WHERE payer IS NOT NULL GROUP BY ALL),
e AS (SELECT c.account, c.ts_local, c.payer, o.one_off FROM c JOIN once o USING (account, payer)
      WHERE c.channel NOT IN ('cash', 'atm') AND c.amount BETWEEN {p['min_amount']} AND {p['max_amount']}),
w AS (SELECT account, ts_local,
        count(DISTINCT payer) OVER win AS payers,
        count(DISTINCT CASE WHEN one_off THEN payer END) OVER win AS once,
        max(ts_local) OVER win AS last
      FROM e WINDOW win AS (PARTITION BY account ORDER BY ts_local RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING))
SELECT DISTINCT w.account FROM w
WHERE payers >= {p['min_payers']} AND once >= {p['min_one_off_share']} * payers
  AND NOT EXISTS (SELECT 1 FROM t WHERE t.account = w.account AND t.channel = 'payroll' AND t.direction = 'credit'
                  AND t.ts_local BETWEEN w.ts_local AND w.last)"""
p = r["THB-022"]
Q["THB-022"] = f"""
WITH e AS (SELECT account, ts_local FROM t WHERE direction = 'credit' AND channel IN ('cash', 'atm')),
w AS (SELECT account, ts_local, count(*) OVER win AS n, max(ts_local) OVER win AS last FROM e
      WINDOW win AS (PARTITION BY account ORDER BY ts_local RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING))
SELECT DISTINCT account FROM w WHERE n >= {p['min_deposits']}
  AND NOT EXISTS (SELECT 1 FROM t WHERE t.account = w.account AND t.channel = 'payroll' AND t.direction = 'credit'
     AND t.ts_local BETWEEN w.ts_local - INTERVAL {p['salary_lookaround_days']} DAYS AND w.last + INTERVAL {p['salary_lookaround_days']} DAYS)"""
p = r["THB-026"]
Q["THB-026"] = f"""
WITH e AS (SELECT account, ts_local FROM t WHERE direction = 'debit' AND channel IN ('msb', 'wire')
           AND upper(coalesce(cpty_country, CASE WHEN regexp_matches(coalesce(cpty_account, ''), '^[A-Z]{{2}}[0-9]{{2}}')
                                              THEN substr(cpty_account, 1, 2) END)) IN ({origin}))
SELECT DISTINCT account FROM (
  SELECT account, count(*) OVER (PARTITION BY account ORDER BY ts_local
         RANGE BETWEEN CURRENT ROW AND INTERVAL {p['window_days']} DAYS FOLLOWING) AS n FROM e) WHERE n >= {p['min_transfers']}"""

def peak_rss_mib():
    # VmHWM belongs to this process's own memory map; ru_maxrss would carry the parent's peak across exec.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


flagged = {}
t0 = time.perf_counter()
for code, sql in Q.items():
    flagged[code] = sorted(a for (a,) in con.execute(sql).fetchall())
query_s = time.perf_counter() - t0
rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
print(json.dumps({
    "duckdb_version": duckdb.__version__,
    "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
    "rows": rows,
    "load_seconds": round(load_s, 3),
    "query_seconds": round(query_s, 3),
    "peak_rss_mib": peak_rss_mib(),
    "flagged": flagged,
}))
