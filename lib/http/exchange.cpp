// SPDX-License-Identifier: MIT
// One request and its response, as the application sees it.
#include "lib/http/exchange.h"

#include <fmt/format.h>

#include "lib/http/connection.h"
#include "lib/http/response.h"

namespace rag::http {

Exchange::Exchange(Connection* conn, Request req, std::string peer)
    : conn_(conn), req_(std::move(req)), peer_(std::move(peer)) {}

void Exchange::detach() {
    conn_ = nullptr;
    if (!ended_ && on_abort_) {
        auto f = std::move(on_abort_);
        on_abort_ = nullptr;
        f();
    }
}

void Exchange::input_ended() {
    if (live() && on_input_end_) on_input_end_();
}

void Exchange::ended() {
    ended_ = true;
    conn_->exchange_ended();
}

void Exchange::respond(int st, std::string_view content_type, std::string_view body, std::string_view extra) {
    if (!live() || streaming_) return;
    status = st;
    std::string framing = bodiless(st) ? std::string{} : fmt::format("Content-Length: {}\r\n", body.size());
    HeadFields fields{req_.keep_alive && !conn_->closes_after_response(), framing, conn_->common_headers(), extra};
    conn_->append(response_head(req_, st, content_type, fields));
    if (!live()) return;
    if (req_.method != "HEAD" && !bodiless(st)) conn_->append(body);
    if (live()) ended();
}

void Exchange::begin_stream(int st, std::string_view content_type, std::string_view extra) {
    if (!live() || streaming_) return;
    status = st;
    streaming_ = true;
    chunked_ = req_.minor_version >= 1;
    HeadFields fields{chunked_ && req_.keep_alive && !conn_->closes_after_response(),
                      chunked_ ? "Transfer-Encoding: chunked\r\n" : "", conn_->common_headers(), extra};
    conn_->append(response_head(req_, st, content_type, fields));
}

void Exchange::send(std::string_view bytes) {
    if (!live() || !streaming_ || bytes.empty()) return;
    if (chunked_) conn_->append(fmt::format("{:x}\r\n", bytes.size()));
    if (!live()) return;
    conn_->append(bytes);
    if (chunked_ && live()) conn_->append("\r\n");
}

void Exchange::end() {
    if (!live() || !streaming_) return;
    if (chunked_) conn_->append("0\r\n\r\n");
    if (live()) ended();
}

}  // namespace rag::http
