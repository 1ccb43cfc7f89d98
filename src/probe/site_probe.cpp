#include "probe/site_probe.h"

#include "base/i18n.h"
#include "core/helper_protocol.h"
#include "core/sha256.h"
#include "core/version.h"
#include "probe/curl_api.h"


#include <algorithm>
#include <cctype>
#include <array>
#include <cstdio>
#include <cstring>

namespace fshosts::probe {
namespace {

// libcurl's functions; probe_site checks that they loaded before any request is made.
const CurlApi& curl() { return *curl_library().api; }

struct Easy {
    CURL* h = curl().easy_init();
    Easy() = default;
    ~Easy()
    {
        if (h != nullptr)
            curl().easy_cleanup(h);
    }
    Easy(const Easy&) = delete;
    Easy& operator=(const Easy&) = delete;
};

struct StringList {
    curl_slist* list = nullptr;
    StringList() = default;
    ~StringList() { curl().slist_free_all(list); }
    StringList(const StringList&) = delete;
    StringList& operator=(const StringList&) = delete;
    void add(const std::string& s) { list = curl().slist_append(list, s.c_str()); }
};

// The body is not needed: its first 256 KiB are read (a page that stops early is still an
// answer), then the transfer is cut, which is not a failure.
constexpr std::size_t max_body_bytes = 256 * 1024;

struct Transfer {
    std::size_t body = 0;
    bool body_cut = false;
    const std::atomic<bool>* cancel = nullptr;
    // The headers of the last response read (a "100 Continue" or another interim response comes
    // first): read from the header callback rather than curl_easy_header(), which needs libcurl
    // 7.83 (macOS 12 ships 7.79).
    std::string server;
    bool hsts = false;
};

bool header_name_is(std::string_view line, std::string_view name)
{
    if (line.size() <= name.size() || line[name.size()] != ':')
        return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
            return false;
    return true;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {  // a new response: its headers replace the interim one's
        t->server.clear();
        t->hsts = false;
    } else if (header_name_is(line, "Server") && t->server.empty()) {
        std::string_view value = line.substr(7);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        t->server = std::string(value);
    } else if (header_name_is(line, "Strict-Transport-Security")) {
        t->hsts = true;
    }
    return size * count;
}

std::size_t on_body(char*, std::size_t size, std::size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    t->body += size * count;
    if (t->body > max_body_bytes) {
        t->body_cut = true;
        return 0;
    }
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* t = static_cast<const Transfer*>(user);
    return t->cancel != nullptr && t->cancel->load() ? 1 : 0;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return out;
}

std::string trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

// OpenSSL's ASN1_TIME_print form ("Dec  3 12:00:00 2027 GMT") as ISO 8601; other text as is.
std::string iso_time(const std::string& text)
{
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char month[4] = {};
    int day = 0, hour = 0, minute = 0, second = 0, year = 0;
    if (std::sscanf(text.c_str(), "%3s %d %d:%d:%d %d", month, &day, &hour, &minute, &second, &year) != 6)
        return text;
    for (std::size_t m = 0; m < months.size(); ++m)
        if (std::strcmp(month, months[m]) == 0) {
            char out[32];
            std::snprintf(out, sizeof out, "%04d-%02zu-%02dT%02d:%02d:%02dZ", year, m + 1, day, hour, minute, second);
            return out;
        }
    return text;
}

// The DER bytes of a PEM certificate (the base64 between the BEGIN and END lines); "" when
// it is not one.
std::string pem_to_der(std::string_view pem)
{
    constexpr std::string_view begin_line = "-----BEGIN CERTIFICATE-----";
    const auto begin = pem.find(begin_line);
    const auto end = pem.find("-----END CERTIFICATE-----");
    if (begin == std::string_view::npos || end == std::string_view::npos || end < begin)
        return {};
    std::string base64;
    for (char c : pem.substr(begin + begin_line.size(), end - begin - begin_line.size()))
        if (c != '\n' && c != '\r' && c != ' ')
            base64.push_back(c);
    return base64_decode(base64).value_or(std::string());
}

// The leaf certificate from CURLINFO_CERTINFO ("Subject:...", "X509v3 Subject Alternative
// Name:DNS:a, DNS:b", "Expire date:...", "Cert:-----BEGIN CERTIFICATE-----..." with OpenSSL).
std::optional<CertificateInfo> certificate_of(CURL* h, const std::string& domain)
{
    curl_certinfo* info = nullptr;
    if (curl().easy_getinfo(h, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr || info->num_of_certs < 1)
        return std::nullopt;
    CertificateInfo cert;
    bool names_reported = false;
    for (const curl_slist* s = info->certinfo[0]; s != nullptr; s = s->next) {
        const std::string_view item(s->data);
        const auto colon = item.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string key = lower(item.substr(0, colon));
        const std::string_view value = item.substr(colon + 1);
        if (key == "subject") {
            cert.subject = trim(value);
        } else if (key == "issuer") {
            cert.issuer = trim(value);
        } else if (key == "start date") {
            cert.not_before = iso_time(trim(value));
        } else if (key == "expire date") {
            cert.not_after = iso_time(trim(value));
        } else if (key == "cert") {
            const std::string der = pem_to_der(value);
            if (!der.empty())
                cert.sha256 = sha256_hex(der);
        } else if (key == "x509v3 subject alternative name") {
            names_reported = true;
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const std::string entry = trim(rest.substr(0, comma));
                if (entry.rfind("DNS:", 0) == 0)
                    cert.dns_names.push_back(entry.substr(4));
                rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        }
    }
    // Without a subjectAltName extension a certificate covers no name in a browser; "not
    // reported" is only when the TLS library gave none of the fields.
    if (names_reported || !cert.subject.empty())
        cert.covers_domain = certificate_covers(cert.dns_names, domain);
    return cert;
}

std::string connect_target(const std::string& address)
{
    return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

struct Attempt {
    CURLcode code = CURLE_OK;
    std::string detail;
    long elapsed_ms = 0;  // how long the request took (a time-out: when it gave up)
};

// What an HTTPS request checks: the chain and the name (as a browser), the chain only, nothing.
enum class Verify { PeerAndName, PeerOnly, Nothing };

// One request; fills the HTTP part of `out` (status, headers, address, certificate).
Attempt request(const std::string& domain, const std::string& address, int port, bool https, Verify verify,
                const ProbeOptions& options, SchemeResult& out)
{
    Easy easy;
    Attempt attempt;
    if (easy.h == nullptr) {
        attempt.code = CURLE_OUT_OF_MEMORY;
        attempt.detail = "curl_easy_init failed";
        return attempt;
    }
    CURL* h = easy.h;
    char error_buffer[CURL_ERROR_SIZE] = {};
    Transfer transfer;
    transfer.cancel = options.cancel;
    StringList resolve;
    if (!address.empty()) {
        resolve.add(domain + ":" + std::to_string(port) + ":" + connect_target(address));
        curl().easy_setopt(h, CURLOPT_RESOLVE, resolve.list);
    }
    const std::string user_agent = std::string("fshosts/") + version + " (preview probe)";
    curl().easy_setopt(h, CURLOPT_URL, out.url.c_str());
    curl().easy_setopt(h, CURLOPT_PORT, static_cast<long>(port));
    curl().easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl().easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
    curl().easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    // A proxy from the environment would answer for the name itself: the probe asks the server.
    curl().easy_setopt(h, CURLOPT_PROXY, "");
    curl().easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl().easy_setopt(h, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
    curl().easy_setopt(h, CURLOPT_USERAGENT, user_agent.c_str());
    curl().easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl().easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl().easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl().easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl().easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl().easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl().easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    if (https) {
        curl().easy_setopt(h, CURLOPT_CERTINFO, 1L);
        curl().easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify != Verify::Nothing ? 1L : 0L);
        curl().easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify == Verify::PeerAndName ? 2L : 0L);
        if (!options.ca_file.empty())
            curl().easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
        // Windows (Schannel) checks revocation by default and fails when the CRL/OCSP servers
        // cannot be reached (a shop's network, a proxy): the probe asks about the name and the
        // chain, as a browser that soft-fails. Other TLS back ends ignore the flag.
        curl().easy_setopt(h, CURLOPT_SSL_OPTIONS, static_cast<long>(CURLSSLOPT_REVOKE_BEST_EFFORT));
    }

    attempt.code = curl().easy_perform(h);
    if (attempt.code == CURLE_WRITE_ERROR && transfer.body_cut)
        attempt.code = CURLE_OK;
    attempt.detail = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl().easy_strerror(attempt.code));
    if (curl_off_t us = 0; curl().easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK)
        attempt.elapsed_ms = static_cast<long>(us / 1000);

    if (const char* ip = nullptr; curl().easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr)
        out.primary_ip = ip;
    long status = 0;
    curl().easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (attempt.code == CURLE_OK && status > 0) {
        out.reached = true;
        out.status = status;
        out.server = transfer.server;
        out.hsts = https && transfer.hsts;  // browsers ignore the header over http://
        if (const char* target = nullptr; curl().easy_getinfo(h, CURLINFO_REDIRECT_URL, &target) == CURLE_OK && target != nullptr)
            out.location = target;
    }
    if (https)
        out.certificate = certificate_of(h, domain);
    return attempt;
}

// `host`: the address asked, or the name when the system resolver was used.
void set_error(SchemeResult& out, const Attempt& attempt, const std::string& host, int port, const ProbeOptions& options)
{
    const CURLcode code = attempt.code;
    const std::string& detail = attempt.detail;
    const std::string where = host + ":" + std::to_string(port);
    out.reached = false;
    out.detail = detail;
    switch (code) {
    case CURLE_COULDNT_CONNECT:
        out.error_kind = "refused";
        out.error = trf("Nothing answers at {0} (connection refused or no route).", where);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        out.error_kind = "timeout";
        // The connect time-out also covers the TLS handshake: say how long it really waited.
        out.error = trf("No answer from {0} (gave up after {1} s).", where, (attempt.elapsed_ms + 500) / 1000);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        out.error_kind = "not_found";
        out.error = trf("The name {0} does not resolve on this PC.", host);
        break;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        out.error_kind = "no_answer";
        out.error = trf("{0} accepted the connection but closed it without an HTTP answer.", where);
        break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_PEER_FAILED_VERIFICATION:
        out.error_kind = "tls";
        out.error = trf("The secure connection (TLS) to {0} failed.", where);
        break;
    case CURLE_SSL_CACERT_BADFILE:
        out.error_kind = "ca_file";
        out.error = trf("The CA file {0} cannot be used.", options.ca_file);
        break;
    case CURLE_ABORTED_BY_CALLBACK:
        out.error_kind = "cancelled";
        out.error = _("Cancelled.");
        break;
    default:
        out.error_kind = "other";
        out.error = trf("The request to {0} failed.", where);
        break;
    }
}

}  // namespace

SchemeResult probe_scheme(const std::string& domain, const std::string& address, bool https, const ProbeOptions& options)
{
    SchemeResult out;
    const int port = https ? options.https_port : options.http_port;
    const int default_port = https ? 443 : 80;
    out.scheme = https ? "https" : "http";
    out.url = out.scheme + "://" + domain + (port == default_port ? "" : ":" + std::to_string(port)) + "/";
    const std::string host = address.empty() ? domain : connect_target(address);
    if (const CurlLoad& load = curl_library(); load.api == nullptr) {  // not installed, or too old
        out.error_kind = "unavailable";
        out.error = _("libcurl cannot be loaded");
        out.detail = load.error;
        return out;
    }
    if (options.cancel != nullptr && options.cancel->load()) {  // cancelled before this scheme started
        set_error(out, Attempt{CURLE_ABORTED_BY_CALLBACK, "cancelled before the request", 0}, host, port, options);
        return out;
    }

    // A verifying request that answered: its result, with the certificate trusted.
    const auto trusted_answer = [](const Attempt& a, SchemeResult& r) {
        if (a.code != CURLE_OK || !r.reached)
            return false;
        if (r.certificate)
            r.certificate->trusted = true;
        return true;
    };
    const Attempt verified = request(domain, address, port, https, https ? Verify::PeerAndName : Verify::Nothing, options, out);
    if (trusted_answer(verified, out))
        return out;
    if (verified.code != CURLE_PEER_FAILED_VERIFICATION || !https) {
        set_error(out, verified, host, port, options);
        return out;
    }
    // The certificate did not verify: an untrusted chain, or a name it does not cover. With
    // verification on, the TLS library stops the handshake before libcurl reads the certificate
    // (CURLINFO_CERTINFO stays empty) and the HTTP answer is never seen. So the probe connects
    // again: with the chain checked but not the name (libcurl's verify result cannot tell the
    // two apart after a name failure: it is set only after the name check passed), and when the
    // chain fails too, once more without verification, only to read the certificate and the
    // answer. "trusted" comes from a verifying connection only.
    SchemeResult chain = out;
    const Attempt chain_only = request(domain, address, port, true, Verify::PeerOnly, options, chain);
    if (trusted_answer(chain_only, chain))
        return chain;
    SchemeResult unverified = out;
    const Attempt plain = request(domain, address, port, true, Verify::Nothing, options, unverified);
    if (plain.code == CURLE_OK && unverified.reached) {
        out = unverified;
    } else {
        set_error(out, verified, host, port, options);
        out.certificate = unverified.certificate;
    }
    if (out.certificate) {
        out.certificate->trusted = false;
        out.certificate->verify_error = chain_only.code == CURLE_PEER_FAILED_VERIFICATION ? chain_only.detail : verified.detail;
    }
    return out;
}

bool name_matches(std::string_view presented, std::string_view domain)
{
    std::string p = lower(presented);
    std::string d = lower(domain);
    if (!p.empty() && p.back() == '.')
        p.pop_back();
    if (!d.empty() && d.back() == '.')
        d.pop_back();
    if (p.empty() || d.empty())
        return false;
    if (p.find('*') == std::string::npos)
        return p == d;
    // Only "*" as the whole left-most label, with at least two labels after it.
    if (p.rfind("*.", 0) != 0)
        return false;
    const std::string_view base = std::string_view(p).substr(2);
    if (base.find('*') != std::string_view::npos || base.find('.') == std::string_view::npos)
        return false;
    const auto dot = d.find('.');
    if (dot == std::string::npos || dot == 0)
        return false;
    return std::string_view(d).substr(dot + 1) == base;
}

bool certificate_covers(const std::vector<std::string>& dns_names, std::string_view domain)
{
    return std::any_of(dns_names.begin(), dns_names.end(), [&](const std::string& n) { return name_matches(n, domain); });
}

SiteProbe probe_site(const std::string& domain, const std::string& address, const ProbeOptions& options)
{
    SiteProbe probe;
    probe.domain = domain;
    probe.address = address;
    probe.http = probe_scheme(domain, address, false, options);
    probe.https = probe_scheme(domain, address, true, options);
    return probe;
}

ServerIdentity identity_of(const SiteProbe& probe)
{
    const SchemeResult& r = probe.https.reached ? probe.https : probe.http;
    ServerIdentity id;
    id.reached = r.reached;
    if (!r.reached)
        return id;
    id.status = r.status;
    id.server = r.server;
    id.location = r.location;
    if (r.certificate)
        id.certificate_sha256 = r.certificate->sha256;
    return id;
}

bool same_server(const ServerIdentity& a, const ServerIdentity& b)
{
    if (!a.reached || !b.reached)
        return false;
    if (!a.certificate_sha256.empty() && !b.certificate_sha256.empty())
        return a.certificate_sha256 == b.certificate_sha256 && a.status == b.status;
    return a.status == b.status && a.server == b.server && a.location == b.location;
}

std::optional<bool> answers_like_preview(const std::string& domain, const std::string& dns_address,
                                         const std::string& preview_address, const ProbeOptions& options)
{
    if (dns_address == preview_address)
        return true;
    const ServerIdentity preview = identity_of(probe_site(domain, preview_address, options));
    if (!preview.reached)
        return std::nullopt;
    const ServerIdentity dns = identity_of(probe_site(domain, dns_address, options));
    if (!dns.reached)
        return std::nullopt;
    return same_server(dns, preview);
}

std::vector<Finding> findings(const SiteProbe& probe)
{
    std::vector<Finding> out;
    const std::string& d = probe.domain;
    if (probe.http.error_kind == "unavailable") {
        out.push_back({true, "unavailable",
                       _("The check cannot run on this PC: libcurl is not installed or cannot be loaded. Install "
                         "libcurl (Debian and Ubuntu: the libcurl4 package) and try again.")});
        return out;
    }
    if (probe.http.error_kind == "cancelled" || probe.https.error_kind == "cancelled") {
        out.push_back({true, "cancelled", _("The check was cancelled before it finished.")});
        return out;
    }
    if (!probe.http.reached && !probe.https.reached) {
        out.push_back({true, "unreachable",
                       probe.address.empty()
                           ? trf("No web server answers for {0} on this PC: neither http:// nor https:// works.", d)
                           : trf("No web server answers for {0} at {1}: check the address futureshop gave you. A "
                                 "preview with this address would show nothing.",
                                 d, probe.address)});
        return out;
    }
    if (!probe.http.reached)
        out.push_back({true, "http_unreachable",
                       trf("http://{0}/ does not answer ({1}); only https:// will work in the preview.", d, probe.http.error)});
    if (!probe.https.reached)
        out.push_back({true, "https_unreachable",
                       trf("https://{0}/ does not answer ({1}): the SSL certificate is probably not installed on the "
                           "futureshop server yet, so the preview works only with http://.",
                           d, probe.https.error)});
    if (const auto& cert = probe.https.certificate) {
        if (cert->covers_domain && !*cert->covers_domain) {
            std::string names;
            for (const std::string& n : cert->dns_names)
                names += (names.empty() ? "" : ", ") + n;
            out.push_back({true, "certificate_not_covering",
                           trf("The certificate ({0}) does not cover {1}: the browser will show a certificate warning "
                               "during the preview. With mail validation the certificate for the contract domain is "
                               "installed before the DNS switch; until it is, check the preview over http:// or "
                               "accept the warning.",
                               names.empty() ? cert->subject : names, d)});
        }
        if (!cert->trusted)
            out.push_back({true, "certificate_untrusted",
                           trf("The certificate is not trusted ({0}): the browser will show a certificate warning.",
                               cert->verify_error)});
    }
    for (const SchemeResult* r : {&probe.http, &probe.https})
        if (r->reached && !r->location.empty())
            out.push_back({false, "redirect", trf("{0} redirects to {1}.", r->url, r->location)});
    if (passed(out))
        out.push_back({false, "ok",
                       probe.address.empty()
                           ? trf("{0} answers on this PC over http:// and https:// with a valid certificate.", d)
                           : trf("The server at {0} answers for {1} over http:// and https:// with a valid certificate "
                                 "for the domain: the preview will work.",
                                 probe.address, d)});
    return out;
}

bool passed(const std::vector<Finding>& findings)
{
    return std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.problem; });
}

std::string format_probe(const SiteProbe& probe, const std::vector<Finding>& found)
{
    std::string out = probe.address.empty()
                          ? trf("{0} through this PC's resolver (hosts file, then DNS):", probe.domain)
                          : trf("{0} at {1} (the hosts file is not used):", probe.domain, probe.address);
    out += '\n';
    for (const SchemeResult* r : {&probe.http, &probe.https}) {
        if (r->reached) {
            out += "  " + trf("{0}: HTTP {1}, server \"{2}\", connected to {3}", r->url, r->status, r->server, r->primary_ip);
            if (!r->location.empty())
                out += ", " + trf("redirect to {0}", r->location);
        } else {
            out += "  " + trf("{0}: {1} ({2})", r->url, r->error, r->detail);
        }
        out += '\n';
        if (const auto& c = r->certificate) {
            std::string names;
            for (const std::string& n : c->dns_names)
                names += (names.empty() ? "" : ", ") + n;
            out += "    " + trf("Certificate: {0}; names: {1}", c->subject, names.empty() ? "-" : names) + '\n';
            out += "    " + trf("Issuer: {0}; valid until {1}", c->issuer, c->not_after) + '\n';
            const std::string covers = !c->covers_domain ? _("unknown") : *c->covers_domain ? _("yes") : _("no");
            out += "    " + trf("Covers {0}: {1}; trusted: {2}", probe.domain, covers, c->trusted ? _("yes") : _("no")) + '\n';
        }
    }
    for (const Finding& f : found)
        out += (f.problem ? "! " : "- ") + f.message + '\n';
    return out;
}

}  // namespace fshosts::probe
