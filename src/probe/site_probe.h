// The pre-flight probe: does the futureshop server answer for the contract domain, over HTTP and
// HTTPS, with a certificate that covers the domain? Asked of the given address without touching
// the hosts file (libcurl's CURLOPT_RESOLVE), or through the system resolver (after apply).
// Blocking, with short timeouts; the GUI runs it on a worker thread and cancels it with a flag.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::probe {

struct ProbeOptions {
    long connect_timeout_ms = 3000;
    long total_timeout_ms = 8000;  // per request
    int http_port = 80;            // tests use other ports
    int https_port = 443;
    std::string ca_file;  // an extra CA bundle (PEM) trusted besides the system's (--ca-file)
    const std::atomic<bool>* cancel = nullptr;  // set to true from another thread: stop at once
};

// The server certificate as the HTTPS request saw it (the leaf certificate).
struct CertificateInfo {
    std::string subject;  // as OpenSSL prints it, e.g. "CN = www.example.jp"
    std::string issuer;
    std::vector<std::string> dns_names;  // subjectAltName DNS entries, as in the certificate
    std::string not_before;              // ISO 8601 UTC ("2026-12-03T00:00:00Z") when curl's text could be read
    std::string not_after;
    std::string sha256;  // fingerprint of the DER certificate, lower-case hex ("" when curl gave no PEM)
    // Whether dns_names cover the domain (RFC 6125, see certificate_covers); nullopt when the TLS
    // library did not report the names.
    std::optional<bool> covers_domain;
    bool trusted = false;      // the chain verified against the system's CAs (and --ca-file)
    std::string verify_error;  // why not, as the TLS library says it ("" when trusted)
};

// One scheme's answer. `reached`: an HTTP response came back (any status).
struct SchemeResult {
    std::string scheme;  // "http" or "https"
    std::string url;
    bool reached = false;
    // When not reached: refused, timeout, tls, no_answer, not_found, ca_file, cancelled, other;
    // unavailable: libcurl could not be loaded (detail says why), no request was made.
    std::string error_kind;
    std::string error;   // translated, for the user
    std::string detail;  // libcurl's own text (English), for support
    long status = 0;
    std::string server;      // the Server header
    std::string location;    // the redirect target (absolute), not followed
    std::string primary_ip;  // the address libcurl connected to
    bool hsts = false;       // the answer carried Strict-Transport-Security (browsers then insist on https)
    std::optional<CertificateInfo> certificate;  // https: whenever a certificate was presented
};

struct SiteProbe {
    std::string domain;   // normalised (A-label)
    std::string address;  // the address asked; "" = through the system resolver
    SchemeResult http;
    SchemeResult https;
};

// Probes http://DOMAIN/ and https://DOMAIN/ at ADDRESS (IPv4 or IPv6, normalised), or through the
// system resolver when ADDRESS is empty. Redirects are reported, not followed. Never throws for a
// network outcome: every failure is in the result.
SiteProbe probe_site(const std::string& domain, const std::string& address, const ProbeOptions& options = {});

// One scheme of probe_site: http://DOMAIN/ (https: https://DOMAIN/) at ADDRESS, or through the
// system resolver when ADDRESS is empty.
SchemeResult probe_scheme(const std::string& domain, const std::string& address, bool https, const ProbeOptions& options = {});

// What identifies "the same server" across two probes: the certificate's fingerprint when there
// is one, else the answer's status, Server header and redirect target.
struct ServerIdentity {
    bool reached = false;
    long status = 0;
    std::string server;
    std::string certificate_sha256;
    std::string location;
};

// The identity of a probe: HTTPS when it answered, else HTTP.
ServerIdentity identity_of(const SiteProbe& probe);
// Both answered, and: with a certificate on both sides the same certificate and status; else the
// same status, Server header and redirect target.
bool same_server(const ServerIdentity& a, const ServerIdentity& b);

// For the DNS-switch detection: does DOMAIN at dns_address answer like DOMAIN at
// preview_address? true/false; nullopt when it cannot tell (one of them does not answer, or the
// check was cancelled through options.cancel).
std::optional<bool> answers_like_preview(const std::string& domain, const std::string& dns_address,
                                         const std::string& preview_address, const ProbeOptions& options = {});

// RFC 6125 (section 6.4) as browsers apply it: a presented DNS name matches the domain case-
// insensitively, or is a wildcard "*" as the whole left-most label that stands for exactly one
// label, with at least two labels after it (`*.example.jp` covers `www.example.jp`, not
// `example.jp` nor `a.b.example.jp`; `*.jp` and `w*.example.jp` cover nothing). Both sides in
// A-label form (IDNs as punycode, as certificates carry them); the subject CN is not used, as
// browsers do not use it either.
bool name_matches(std::string_view presented, std::string_view domain);
bool certificate_covers(const std::vector<std::string>& dns_names, std::string_view domain);

// What an answer means for the preview, for the user (translated).
struct Finding {
    bool problem = false;  // the preview will not work as expected (the probe does not pass)
    std::string kind;      // for scripts: http_unreachable, https_unreachable, certificate_not_covering, ...
    std::string message;
};
std::vector<Finding> findings(const SiteProbe& probe);
bool passed(const std::vector<Finding>& findings);

// The report the CLI prints (and the GUI may show): one line per scheme, the certificate, then
// the findings. Translated.
std::string format_probe(const SiteProbe& probe, const std::vector<Finding>& findings);

}  // namespace fshosts::probe
