// SPDX-License-Identifier: MIT
// Streaming a finished answer word by word: at once, or paced for demos (--pace).
#include "lib/backends/pacing.h"

#include <algorithm>
#include <cctype>

namespace rag {

std::vector<std::string> split_words(std::string_view a) {
    std::vector<std::string> out;
    auto space = [&](size_t i) { return a[i] == ' ' || a[i] == '\n' || a[i] == '\t' || a[i] == '\r'; };
    size_t start = 0, i = 0;
    while (i < a.size()) {
        while (i < a.size() && space(i)) ++i;
        while (i < a.size() && !space(i)) ++i;
        while (i < a.size() && space(i)) ++i;
        out.emplace_back(a.substr(start, i - start));
        start = i;
    }
    return out;
}

bool cut_to_words(std::string& answer, int max_words) {
    if (max_words <= 0) return false;
    std::vector<std::string> words = split_words(answer);
    if (words.size() <= static_cast<size_t>(max_words)) return false;
    answer.clear();
    for (int i = 0; i < max_words; ++i) answer += words[i];
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back()))) answer.pop_back();
    return true;
}

void Pacer::add(const std::string& run, std::string_view answer, double start_ms) {
    paced_.push_back({run, split_words(answer), 0, start_ms});
}

void Pacer::drop(const std::string& run) {
    std::erase_if(paced_, [&](const Paced& p) { return p.run == run; });
}

void Pacer::tick(double now_ms, const WordFn& word, const DoneFn& done) {
    for (size_t i = 0; i < paced_.size();) {
        Paced& p = paced_[i];
        while (p.next < p.words.size() && p.due_ms <= now_ms) {
            word(p.run, p.words[p.next++]);
            p.due_ms += interval_ms_;
        }
        if (p.next < p.words.size()) {
            ++i;
            continue;
        }
        std::string run = std::move(p.run);
        paced_.erase(paced_.begin() + static_cast<std::ptrdiff_t>(i));  // before done(), which may drop
        done(run);
    }
}

int Pacer::timeout_ms(double now_ms, int cap_ms) const {
    double due = cap_ms;
    for (const Paced& p : paced_) due = std::min(due, p.due_ms - now_ms);
    return std::max(0, static_cast<int>(due + 0.999));
}

}  // namespace rag
