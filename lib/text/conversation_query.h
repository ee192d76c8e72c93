// SPDX-License-Identifier: MIT
// What retrieval searches for a turn of a conversation: the question, weighted over its history.
#pragma once

#include <string>

#include "lib/core/request.h"
#include "lib/text/analyze.h"

namespace rag {

/// How much each part of a conversation weighs in its search (as a count of the term).
struct ConversationWeights {
    int question = 4;                ///< each word of the current question, per occurrence
    int last_user = 2;               ///< a term of the previous user turn the question lacks
    int history = 1;                 ///< a term of any other turn in the window (answers included)
    int turns = kHistoryTurnsInKey;  ///< the window: the last turns, as the cache key takes them
};

/// The text to search for `request`: its question, and the words of the last
/// `weights.turns` turns of its history that the question does not hold, each
/// word written as many times as it weighs (an index weighs a query term by
/// its count, so a follow-up that names nothing still finds the passages of the
/// conversation while the question weighs most). A history term weighs the most
/// any turn gives it, not the sum, so a long answer that repeats a word does
/// not outweigh the question. Without history the text is the query itself.
/// Terms are those of `analyzer`, which should be the index's; each is written
/// as one of its original words, so the index's analyser gives it back.
std::string conversation_search_text(const Request& request, Analyzer& analyzer,
                                     const ConversationWeights& weights = {});

/// What an answer to a turn must address: its question and the user's
/// previous turn. Earlier answers' words say what was already said, not what
/// is asked; weighed in, they pull the previous answer's sentences back.
inline constexpr ConversationWeights kAddressedWeights{.history = 0};

}  // namespace rag
