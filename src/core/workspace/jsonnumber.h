#pragma once

#include <QJsonValue>

#include <optional>

namespace sockeye {

// A whole number read from a saved file, or nothing when the value is not a number, has a
// fraction or lies outside [min, max]. The range is checked before the conversion to an
// integer: a file may say 1e53, and converting that first is undefined behaviour.
inline std::optional<qint64> jsonWholeNumber(const QJsonValue &value, qint64 min, qint64 max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(number >= double(min) && number <= double(max)))
        return std::nullopt;
    const auto whole = qint64(number);
    if (double(whole) != number)
        return std::nullopt;
    return whole;
}

} // namespace sockeye
