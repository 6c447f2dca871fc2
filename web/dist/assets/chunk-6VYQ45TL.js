import{a,b}from"./chunk-YMQET2CH.js";import"./chunk-HF6XMUYO.js";import"./chunk-KTSQPK7T.js";import"./chunk-NR5GAUVR.js";export{a as statusPage,b as trendLine};
