// Proves the Windows network dependencies (issue 12's probes) in a real .exe, apart from fshosts:
// the static libcurl (Schannel) of the dependency prefix fetches a page with CURLOPT_RESOLVE, and
// the static c-ares asks a given DNS server directly. tests/windows/net_smoke.sh runs it under Wine
// against servers it starts on 127.0.0.1 and checks what it prints.
//
//   net_smoke http URL HOST:PORT:ADDRESS [CA_FILE]
//       GET URL with HOST:PORT resolved to ADDRESS (CURLOPT_RESOLVE), no proxy; with CA_FILE
//       (PEM) an https URL is verified against that file instead of the Windows store.
//       Prints "ip=", "status=", "body=" and for https each field of the server's certificate
//       as curl gives it (CURLINFO_CERTINFO), e.g. "cert.Subject:CN=www.example.jp".
//   net_smoke dns SERVER:PORT NAME a|txt
//       one query of that type, to that server only; prints "a=ADDRESS" or "txt=TEXT" a line each.
//
// Exit 0 when the transfer or query succeeded, 1 with curl's or c-ares' error on stderr
// ("curl error N: ..." / "c-ares error: ..."), 2 for a usage mistake.
#include <ares.h>
#include <ares_nameser.h>
#include <curl/curl.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

size_t append_body(char* data, size_t size, size_t count, void* user)
{
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

int http_get(const char* url, const char* resolve, const char* ca_file)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::fprintf(stderr, "curl_global_init failed\n");
        return 1;
    }
    CURL* curl = curl_easy_init();
    curl_slist* resolves = curl_slist_append(nullptr, resolve);
    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolves);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_CERTINFO, 1L);
    if (ca_file != nullptr) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    }
    const CURLcode result = curl_easy_perform(curl);
    int status = 0;
    if (result != CURLE_OK) {
        std::fprintf(stderr, "curl error %d: %s\n", static_cast<int>(result), curl_easy_strerror(result));
        status = 1;
    } else {
        long code = 0;
        char* ip = nullptr;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip);
        std::printf("ip=%s\nstatus=%ld\nbody=%s\n", ip != nullptr ? ip : "", code, body.c_str());
        curl_certinfo* certs = nullptr;
        curl_easy_getinfo(curl, CURLINFO_CERTINFO, &certs);
        if (certs != nullptr && certs->num_of_certs > 0) {
            // Only the server's own certificate: "Subject:...", "Expire date:...", one a line.
            for (const curl_slist* field = certs->certinfo[0]; field != nullptr; field = field->next) {
                const std::string_view text = field->data;
                if (text.substr(0, 5) != "Cert:") {
                    std::printf("cert.%s\n", field->data);
                }
            }
        }
    }
    curl_slist_free_all(resolves);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return status;
}

struct DnsAnswer {
    bool done = false;
    int status = ARES_SUCCESS;
    int type = 0;
    std::vector<std::string> lines;
};

void on_answer(void* user, int status, int /*timeouts*/, unsigned char* reply, int length)
{
    auto& answer = *static_cast<DnsAnswer*>(user);
    answer.done = true;
    answer.status = status;
    if (status != ARES_SUCCESS) {
        return;
    }
    if (answer.type == ns_t_a) {
        ares_addrttl addresses[16];
        int count = 16;
        answer.status = ares_parse_a_reply(reply, length, nullptr, addresses, &count);
        for (int i = 0; answer.status == ARES_SUCCESS && i < count; ++i) {
            char text[INET_ADDRSTRLEN] = {};
            ares_inet_ntop(AF_INET, &addresses[i].ipaddr, text, sizeof text);
            answer.lines.push_back(std::string("a=") + text);
        }
        return;
    }
    ares_txt_ext* texts = nullptr;
    answer.status = ares_parse_txt_reply_ext(reply, length, &texts);
    for (const ares_txt_ext* text = texts; text != nullptr; text = text->next) {
        answer.lines.push_back("txt=" + std::string(reinterpret_cast<const char*>(text->txt), text->length));
    }
    ares_free_data(texts);
}

int dns_query(const char* server, const char* name, std::string_view type)
{
    DnsAnswer answer;
    answer.type = type == "a" ? ns_t_a : ns_t_txt;
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0 || ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
        std::fprintf(stderr, "c-ares error: cannot initialise Winsock or c-ares\n");
        return 1;
    }
    ares_options options{};
    options.timeout = 3000;
    options.tries = 2;
    ares_channel channel = nullptr;
    int status = ares_init_options(&channel, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
    if (status == ARES_SUCCESS) {
        status = ares_set_servers_ports_csv(channel, server);
    }
    if (status == ARES_SUCCESS) {
        ares_query(channel, name, ns_c_in, answer.type, on_answer, &answer);
        while (!answer.done) {
            fd_set readers;
            fd_set writers;
            FD_ZERO(&readers);
            FD_ZERO(&writers);
            const int count = ares_fds(channel, &readers, &writers);
            timeval wait{};
            ares_timeout(channel, nullptr, &wait);
            if (count > 0) {
                select(count, &readers, &writers, nullptr, &wait);
            }
            ares_process(channel, &readers, &writers);
        }
        status = answer.status;
    }
    if (channel != nullptr) {
        ares_destroy(channel);
    }
    ares_library_cleanup();
    WSACleanup();
    if (status != ARES_SUCCESS) {
        std::fprintf(stderr, "c-ares error: %s\n", ares_strerror(status));
        return 1;
    }
    for (const auto& line : answer.lines) {
        std::printf("%s\n", line.c_str());
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string_view> args(argv, argv + argc);
    if ((argc == 4 || argc == 5) && args[1] == "http") {
        return http_get(argv[2], argv[3], argc == 5 ? argv[4] : nullptr);
    }
    if (argc == 5 && args[1] == "dns" && (args[4] == "a" || args[4] == "txt")) {
        return dns_query(argv[2], argv[3], args[4]);
    }
    std::fprintf(stderr, "usage: net_smoke http URL HOST:PORT:ADDRESS [CA_FILE]\n"
                         "       net_smoke dns SERVER:PORT NAME a|txt\n");
    return 2;
}
